variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "stage" {
  type = string
}

variable "log_retention" {
  type    = number
  default = 14
}
