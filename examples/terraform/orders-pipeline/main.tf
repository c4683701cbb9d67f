# An order pipeline: an HTTP API takes orders, a queue buffers them, a worker processes them.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "orders_queue" {
  source             = "./modules/queue"
  name               = "${local.prefix}-orders"
  visibility_timeout = 60
}

module "worker" {
  source        = "./modules/worker"
  name          = "${local.prefix}-worker"
  timeout       = 30
  queue_arn     = module.orders_queue.arn
  log_retention = var.log_retention
  environment   = local.worker_environment
}

resource "aws_lambda_function" "api" {
  function_name = "${local.prefix}-api"
  role          = aws_iam_role.api.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/api.zip"
  timeout       = 45
  memory_size   = 256

  environment {
    variables = {
      QUEUE_URL = module.orders_queue.url
    }
  }
}

resource "aws_apigatewayv2_api" "http" {
  name          = "${local.prefix}-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.api.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_lambda_permission" "http" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api" {
  name               = "${local.prefix}-api"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy_attachment" "api_logs" {
  role       = aws_iam_role.api.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

data "aws_iam_policy_document" "api_send" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [module.orders_queue.arn]
  }
}

resource "aws_iam_role_policy" "api_send" {
  name   = "send-orders"
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api_send.json
}
