"""Fills a moto server with N resources for scripts/bench-live.

Usage: bench-populate.py ENDPOINT N [REGION [BUCKETS]]

Spreads N resources over the first-wave services that moto serves and
awscheck collects, in fixed shares (see SHARES), with the settings the
checks look at (bucket policies and logging, queue redrive policies, metric
filters, subscriptions, logging configurations, ...), so that a scan reads
what it would read in a real account. Prints one JSON object: how many
resources of each kind were created. Add a service by adding a share and a
creator function. With BUCKETS, exactly that many buckets are made and the
rest of N is spread over the other kinds in their shares.
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

ENDPOINT, N = sys.argv[1], int(sys.argv[2])
REGION = sys.argv[3] if len(sys.argv) > 3 else "us-east-1"
BUCKETS = int(sys.argv[4]) if len(sys.argv) > 4 else None
ACCOUNT = "123456789012"
KW = dict(
    endpoint_url=ENDPOINT,
    region_name=REGION,
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
    config=Config(retries={"max_attempts": 10, "mode": "standard"}, max_pool_connections=32),
)
CLIENTS = {}


def client(service):
    if service not in CLIENTS:
        CLIENTS[service] = boto3.client(service, **KW)
    return CLIENTS[service]


def bucket(i):
    s3 = client("s3")
    name = f"bench-bucket-{i}"
    s3.create_bucket(Bucket=name)
    if i % 3 == 0:
        s3.put_bucket_policy(
            Bucket=name,
            Policy=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }],
            }),
        )
    if i % 4 == 0:
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "team", "Value": "bench"}]})


def queue(i):
    sqs = client("sqs")
    dlq = sqs.create_queue(QueueName=f"bench-dlq-{i}", Attributes={"MessageRetentionPeriod": "1209600"})
    dlq_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:bench-dlq-{i}"
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})
    sqs.create_queue(QueueName=f"bench-queue-{i}", Attributes={"RedrivePolicy": redrive}, tags={"team": "bench"})
    return dlq


def role(i):
    iam = client("iam")
    name = f"bench-role-{i}"
    iam.create_role(
        RoleName=name,
        AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}],
        }),
    )
    iam.put_role_policy(
        RoleName=name,
        PolicyName="logs",
        PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
        }),
    )


def key(i):
    kms = client("kms")
    k = kms.create_key(Description=f"bench key {i}")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=f"alias/bench-{i}", TargetKeyId=k)


def log_group(i):
    logs = client("logs")
    name = f"bench-group-{i}"
    logs.create_log_group(logGroupName=name, tags={"team": "bench"})
    if i % 2 == 0:
        logs.put_metric_filter(
            logGroupName=name, filterName="deletes", filterPattern="{ $.eventName = DeleteBucket }",
            metricTransformations=[{"metricName": f"Deletes{i}", "metricNamespace": "Bench", "metricValue": "1"}],
        )


def topic(i):
    sns = client("sns")
    arn = sns.create_topic(Name=f"bench-topic-{i}")["TopicArn"]
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint=f"oncall{i}@example.com")


def secret(i):
    client("secretsmanager").create_secret(
        Name=f"bench/secret-{i}", SecretString="x", Tags=[{"Key": "team", "Value": "bench"}]
    )


def web_acl(i):
    waf = client("wafv2")
    arn = waf.create_web_acl(
        Name=f"bench-acl-{i}", Scope="REGIONAL", DefaultAction={"Allow": {}},
        VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "m"},
    )["Summary"]["ARN"]
    if i % 2 == 0:
        waf.put_logging_configuration(LoggingConfiguration={
            "ResourceArn": arn, "LogDestinationConfigs": [f"arn:aws:s3:::aws-waf-logs-bench-{i}"]})


def stream(i):
    client("firehose").create_delivery_stream(
        DeliveryStreamName=f"aws-waf-logs-bench-{i}",
        ExtendedS3DestinationConfiguration={
            "RoleARN": f"arn:aws:iam::{ACCOUNT}:role/firehose", "BucketARN": "arn:aws:s3:::bench-bucket-0",
            "CompressionFormat": "UNCOMPRESSED"},
    )


def trail(i):
    ct = client("cloudtrail")
    ct.create_trail(Name=f"bench-trail-{i}", S3BucketName="bench-bucket-0", IsMultiRegionTrail=i == 0)
    ct.start_logging(Name=f"bench-trail-{i}")


# Share of N per creator, the resources one call of it makes (a queue and
# its DLQ), and the per-region quota it may not exceed (AWS's defaults,
# which moto enforces for Firehose): what a capped kind cannot take goes to
# the others in proportion.
SHARES = [
    (bucket, 0.15, 1, None), (queue, 0.15, 2, None), (role, 0.15, 1, None),
    (key, 0.10, 1, None), (log_group, 0.15, 1, None), (topic, 0.10, 1, None),
    (secret, 0.10, 1, None), (web_acl, 0.05, 1, 100), (stream, 0.05, 1, 50),
]


def split(total):
    """Resources per creator: `total` spread by share, quotas respected
    (with BUCKETS, that many buckets and the rest spread over the others)."""
    shares = SHARES
    if BUCKETS is not None:
        shares = [s for s in SHARES if s[0] is not bucket]
        total -= BUCKETS - 1  # bucket(0) is already counted
    want = {fn: total * share for fn, share, _, _ in shares}
    capped = {fn: cap for fn, _, _, cap in shares if cap is not None and want[fn] > cap}
    spare = sum(want[fn] - cap for fn, cap in capped.items())
    free = sum(share for fn, share, _, _ in shares if fn not in capped)
    out = {}
    for fn, share, weight, _ in shares:
        n = capped[fn] if fn in capped else want[fn] + spare * share / free
        out[fn] = (max(1, round(n / weight)), weight)
    if BUCKETS is not None:
        # bucket(0), the trails' bucket, is made first and counts as one.
        out[bucket] = (max(0, BUCKETS - 1), 1)
    return out


def main():
    # boto3's default session is not thread-safe: make every client here.
    for service in ["s3", "sqs", "iam", "kms", "logs", "sns", "secretsmanager", "wafv2",
                    "firehose", "cloudtrail", "guardduty", "config"]:
        client(service)
    counts = {}
    # One-per-account resources first: trails (the bucket they deliver to),
    # a GuardDuty detector and a Config recorder with its channel.
    bucket(0)
    counts["s3_buckets"] = 1
    for i in range(5):
        trail(i)
    counts["cloudtrail_trails"] = 5
    client("guardduty").create_detector(Enable=True)
    cfg = client("config")
    cfg.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
    cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "bench-bucket-0"})
    cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    counts["guardduty_detectors"] = 1
    counts["config_recorders"] = 1
    left = N - sum(counts.values())
    plan = []
    for fn, (n, weight) in split(left).items():
        start = 1 if fn is bucket else 0
        plan += [(fn, i) for i in range(start, start + n)]
        counts[fn.__name__] = counts.get(fn.__name__, 0) + n * weight
    # moto is not safe for concurrent writes to one service (a create can
    # change a dict another request iterates): one thread per service.
    by_service = {}
    for fn, i in plan:
        by_service.setdefault(fn, []).append(i)

    def run(fn, items):
        for i in items:
            fn(i)

    with ThreadPoolExecutor(max_workers=len(by_service)) as pool:
        for f in [pool.submit(run, fn, items) for fn, items in by_service.items()]:
            f.result()
    counts["total"] = sum(v for k, v in counts.items())
    print(json.dumps(counts))


main()
