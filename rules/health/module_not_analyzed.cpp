// LL013 module-not-analyzed: a Terraform module call whose source is not on disk. Terraform
// downloads registry and remote modules with `terraform init` into .terraform/modules and records
// them in .terraform/modules/modules.json, which lambdalint follows
// (https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation). Without
// it the module's resources are not in the model: every rule is silent about them. The Terraform
// front end records the call (analyzer/terraform/frontend.cpp).

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

namespace lint::rules::health {

const Rule& module_not_analyzed()
{
  static const Rule rule{
    .meta = {.id = "LL013",
             .name = "module-not-analyzed",
             .family = "health",
             .level = Level::note,
             .summary = "A Terraform module is not analysed because its source is not downloaded",
             .explanation = R"md(## What it does
Reports each `module` call whose source is not on disk: a registry, Git or other remote module
that `terraform init` has not downloaded (no entry in `.terraform/modules/modules.json`), or a
local path without Terraform files. The finding points at the call's `source`.

## Why is this bad?
The module's functions, roles, queues and triggers are not in what lambdalint reads, so no rule
can report anything about them, and the run looks clean when it has not looked. Its outputs are
unknown values to the module that calls it.

## Example
```hcl
module "api" {
  source = "terraform-aws-modules/apigateway-v2/aws"
}
```
Run `terraform init` in the root module before linting (lambdalint follows
`.terraform/modules/modules.json`), or lint the plan:
`terraform plan -out=tfplan && terraform show -json tfplan > plan.json`.
)md",
             .help_uri = "https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation",
             .precision = "very-high",
             .tags = "correctness"},
    .check = report_model_problems,
  };
  return rule;
}

} // namespace lint::rules::health
