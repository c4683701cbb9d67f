# Thumbnails: S3 uploads invoke a resizer; a network module from the registry provides subnets.
module "network" {
  # Not downloaded (no .terraform/modules/modules.json here): its outputs stay unknown.
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  name    = "thumbnails"
  cidr    = "10.20.0.0/16"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "thumbnails-uploads-${data.aws_caller_identity.current.account_id}"
}

data "aws_caller_identity" "current" {}

resource "aws_lambda_function" "resize" {
  function_name = "thumbnails-resize"
  role          = aws_iam_role.resize.arn
  runtime       = "python3.12"
  handler       = "resize.handler"
  filename      = "build/resize.zip"
  timeout       = 120
  memory_size   = 1024
  layers        = [aws_lambda_layer_version.pillow.arn]

  vpc_config {
    subnet_ids         = module.network.private_subnets
    security_group_ids = [aws_security_group.resize.id]
  }
}

resource "aws_security_group" "resize" {
  name   = "thumbnails-resize"
  vpc_id = module.network.vpc_id
}

resource "aws_lambda_layer_version" "pillow" {
  layer_name          = "pillow"
  filename            = "build/pillow.zip"
  compatible_runtimes = ["python3.12"]
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.resize.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.resize.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "incoming/"
  }
  depends_on = [aws_lambda_permission.s3]
}

resource "aws_lambda_function_event_invoke_config" "resize" {
  function_name                = aws_lambda_function.resize.function_name
  maximum_retry_attempts       = 1
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed.arn
    }
  }
}

resource "aws_sqs_queue" "failed" {
  name                    = "thumbnails-failed"
  sqs_managed_sse_enabled = true
}

resource "aws_iam_role" "resize" {
  name               = "thumbnails-resize"
  assume_role_policy = file("${path.module}/policies/lambda-trust.json")
}

resource "aws_iam_role_policy" "resize" {
  name = "resize"
  role = aws_iam_role.resize.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${aws_s3_bucket.uploads.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = aws_sqs_queue.failed.arn
      },
      {
        Effect = "Allow"
        Action = [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface",
        ]
        Resource = "*"
      },
    ]
  })
}
