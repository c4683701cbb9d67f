#include "analyzer/code/iam_mapping.h"

#include "analyzer/iam/actions.h"

#include <fmt/format.h>

namespace lint::code {
namespace {

// Operations whose IAM action differs from their name. Each row was checked against the page it
// cites (the "Permissions" section of the API reference, or the service's IAM guide).
constexpr ActionException k_exceptions[] = {
  // S3: listing and HEAD requests are authorised by the bucket/object actions.
  {"s3", "ListObjectsV2", "s3:ListBucket", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html"},
  {"s3", "ListObjects", "s3:ListBucket", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html"},
  {"s3", "ListObjectVersions", "s3:ListBucketVersions", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html"},
  {"s3", "HeadObject", "s3:GetObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html"},
  {"s3", "HeadBucket", "s3:ListBucket", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html"},
  {"s3", "GetObjectAttributes", "s3:GetObject,s3:GetObjectAttributes", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html"},
  {"s3", "DeleteObjects", "s3:DeleteObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html"},
  {"s3", "CopyObject", "s3:GetObject,s3:PutObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html"},
  {"s3", "CreateMultipartUpload", "s3:PutObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html"},
  {"s3", "UploadPart", "s3:PutObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html"},
  {"s3", "UploadPartCopy", "s3:GetObject,s3:PutObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html"},
  {"s3", "CompleteMultipartUpload", "s3:PutObject", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html"},
  {"s3", "ListMultipartUploads", "s3:ListBucketMultipartUploads", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html"},
  {"s3", "ListParts", "s3:ListMultipartUploadParts", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html"},
  // SQS and SNS batch APIs are authorised by the single-message action.
  {"sqs", "SendMessageBatch", "sqs:SendMessage", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html"},
  {"sqs", "DeleteMessageBatch", "sqs:DeleteMessage", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html"},
  {"sqs", "ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html"},
  {"sns", "PublishBatch", "sns:Publish", "https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html"},
  // DynamoDB transactions: each item needs the action of its underlying operation
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html);
  // which ones a request holds is not known statically, so all of them.
  {"dynamodb", "TransactWriteItems", "dynamodb:PutItem,dynamodb:UpdateItem,dynamodb:DeleteItem,dynamodb:ConditionCheckItem",
   "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html"},
  {"dynamodb", "TransactGetItems", "dynamodb:GetItem", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html"},
  // Lambda: Invoke is authorised by lambda:InvokeFunction (also for response streaming).
  {"lambda", "Invoke", "lambda:InvokeFunction", "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html"},
  {"lambda", "InvokeWithResponseStream", "lambda:InvokeFunction", "https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html"},
  // Bedrock's Converse APIs use the model invocation actions.
  {"bedrockruntime", "Converse", "bedrock:InvokeModel", "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html"},
  {"bedrockruntime", "ConverseStream", "bedrock:InvokeModelWithResponseStream", "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html"},
  // API Gateway WebSocket callbacks: execute-api:ManageConnections.
  {"apigatewaymanagementapi", "PostToConnection", "execute-api:ManageConnections",
   "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html"},
  {"apigatewaymanagementapi", "GetConnection", "execute-api:ManageConnections",
   "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html"},
  {"apigatewaymanagementapi", "DeleteConnection", "execute-api:ManageConnections",
   "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html"},
  // STS: GetCallerIdentity needs no permission.
  {"sts", "GetCallerIdentity", "", "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"},
};

} // namespace

std::span<const ActionException> action_exceptions() { return k_exceptions; }

ActionMapping iam_actions_for(const SdkService& service, std::string_view operation)
{
  ActionMapping out;
  for (const ActionException& row : k_exceptions) {
    if (row.service_key != service.key || row.operation != operation) {
      continue;
    }
    out.source = row.documentation;
    if (row.actions.empty()) {
      out.status = ActionMapping::Status::no_permission;
      return out;
    }
    std::string_view rest = row.actions;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      out.actions.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    out.status = ActionMapping::Status::mapped;
    return out;
  }
  // The signing name is the IAM prefix for the services whose action names follow their
  // operations; only an action the catalog knows counts.
  for (std::string_view prefix : {service.signing_name, service.endpoint_prefix}) {
    if (prefix.empty()) {
      continue;
    }
    const std::string name = fmt::format("{}:{}", prefix, operation);
    if (const auto found = iam::find_action(name)) {
      out.status = ActionMapping::Status::mapped;
      out.actions.push_back(found->full_name());
      out.source = "model";
      return out;
    }
  }
  return out;
}

} // namespace lint::code
