locals {
  prefix = "shop-${var.stage}"

  worker_environment = {
    STAGE     = var.stage
    LOG_LEVEL = "info"
  }
}
