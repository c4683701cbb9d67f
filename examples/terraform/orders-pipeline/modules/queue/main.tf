variable "name" {
  type = string
}

variable "visibility_timeout" {
  type    = number
  default = 30
}

resource "aws_sqs_queue" "dead_letter" {
  name                    = "${var.name}-dlq"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = 5
  })
}

output "arn" {
  value = aws_sqs_queue.this.arn
}

output "url" {
  value = aws_sqs_queue.this.url
}
