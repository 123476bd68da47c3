"""Streamed list replies (metastore/reply_stream.c): partition lists and
partition-name lists written as their rows are read, a chunk at a time.
Large answers (several chunks, replies far above the transport's 64 KB
buffer) must equal what smaller reads give, with the same order, limits
and exceptions as the objects path."""

import pytest

from test_partitions import make_table, trino_partition


@pytest.fixture
def client(start_hms, connect):
    return connect(start_hms().port)


def add_in_batches(client, partitions, batch=1000):
    for first in range(0, len(partitions), batch):
        client.add_partitions(partitions[first:first + batch])


ODD = ["a b", "x/y", "p%q", "é", "c=d", "#hash", "quote'\"", "comma,semi;"]


@pytest.fixture
def big(client, ttypes, pg, metastore_db):
    """3,000 partitions over two keys, with odd characters, parameters and
    one partition whose columns differ from the table's."""
    make_table(client, ttypes, pg, metastore_db, "s", "big", keys=(("ds", "string"), ("hr", "int")))
    parts = []
    for n in range(3000):
        ds = f"2024-01-{n % 30:02d}" if n % 50 else f"odd {ODD[n % len(ODD)]} {n}"
        parts.append(trino_partition(client, ttypes, "s", "big", [ds, str(n)],
                                     parameters={"n": str(n), "k'": "v\"" * (n % 3)}))
    parts[7].sd.cols = parts[7].sd.cols + [ttypes.FieldSchema(name="extra", type="string", comment="c")]
    add_in_batches(client, parts)
    return sorted(client.get_partition_names("s", "big", -1))


def test_large_answers_equal_small_reads(client, ttypes, big):
    names = big
    assert len(names) == 3000
    everything = client.get_partitions_by_names("s", "big", names)
    assert [p.values for p in everything] == [
        client.partition_name_to_vals(name) for name in names]
    # The same partitions read 500 at a time (one statement each), and one by one for a sample.
    pieces = []
    for first in range(0, 3000, 500):
        pieces += client.get_partitions_by_names("s", "big", names[first:first + 500])
    assert pieces == everything
    for i in range(0, 3000, 97):
        one = client.get_partition("s", "big", everything[i].values)
        assert one == everything[i]
    assert any(len(p.sd.cols) == 3 for p in everything)
    # Unknown and repeated names are skipped, as before.
    again = client.get_partitions_by_names("s", "big", names + ["ds=none/hr=1"] + names[:10])
    assert again == everything


def test_all_variants_agree(client, ttypes, big):
    names = big
    everything = client.get_partitions_by_names("s", "big", names)
    assert client.get_partitions("s", "big", -1) == everything
    assert client.get_partitions_with_auth("s", "big", -1, "u", ["g"]) == everything
    assert client.get_partitions_ps("s", "big", [], -1) == everything
    assert client.get_partitions_ps_with_auth("s", "big", ["", ""], -1, "u", []) == everything
    assert client.get_partitions_by_filter("s", "big", "hr >= 0", -1) == everything
    request = ttypes.PartitionsRequest(dbName="s", tblName="big", maxParts=-1)
    assert client.get_partitions_req(request).partitions == everything
    assert client.fetch_partition_names_req(request) == names
    by_names = client.get_partitions_by_names_req(
        ttypes.GetPartitionsByNamesRequest(db_name="s", tbl_name="big", names=names))
    assert by_names.partitions == everything
    ps = client.get_partitions_ps_with_auth_req(
        ttypes.GetPartitionsPsWithAuthRequest(dbName="s", tblName="big", partVals=["", ""], maxParts=-1))
    assert ps.partitions == everything
    filtered = client.get_partitions_by_filter_req(
        ttypes.GetPartitionsByFilterRequest(dbName="s", tblName="big", filter="hr >= 0", maxParts=-1))
    assert filtered == everything
    assert client.get_partition_names_ps("s", "big", [], -1) == names
    assert client.get_partition_names_ps_req(
        ttypes.GetPartitionNamesPsRequest(dbName="s", tblName="big", partValues=[], maxParts=-1)).names == names


def test_max_parts(client, ttypes, big):
    names = big
    everything = client.get_partitions_by_names("s", "big", names)
    for limit in (0, 1, 999, 1000, 1001, 2500, 3000, 5000):
        assert client.get_partitions("s", "big", limit) == everything[:limit]
        assert client.get_partition_names("s", "big", limit) == names[:limit]
        assert client.get_partitions_by_filter("s", "big", "hr >= 0", limit) == everything[:limit]
    day = [p for p in everything if p.values[0] == "2024-01-05"]
    assert client.get_partitions_ps("s", "big", ["2024-01-05"], -1) == day
    assert client.get_partitions_ps("s", "big", ["2024-01-05"], 3) == day[:3]


def test_many_names_in_chunks(client, ttypes, pg, metastore_db):
    """More names than one chunk of names (10,000): a count, then chunks."""
    make_table(client, ttypes, pg, metastore_db, "s", "many", keys=(("n", "string"),))
    values = [f"v{n:05d}" + ("/x y" if n % 1000 == 0 else "") for n in range(12001)]
    add_in_batches(client, [trino_partition(client, ttypes, "s", "many", [v]) for v in values], batch=3000)
    names = client.get_partition_names("s", "many", -1)
    assert len(names) == 12001
    assert names == sorted(names)
    assert [client.partition_name_to_vals(n)[0] for n in names] == sorted(values)
    assert client.get_partition_names("s", "many", 10001) == names[:10001]
    assert client.get_partition_names("s", "many", 12001) == names
    assert client.get_partition_names_ps("s", "many", [""], -1) == names
    assert client.get_partition_names_ps("s", "many", [values[5]], -1) == [names[5]]


def test_empty_answers(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "s", "empty")
    assert client.get_partitions("s", "empty", -1) == []
    assert client.get_partition_names("s", "empty", -1) == []
    assert client.get_partitions_by_names("s", "empty", ["ds=a/hr=1"]) == []
    assert client.get_partitions_by_names("s", "empty", []) == []
    assert client.get_partitions_by_names_req(
        ttypes.GetPartitionsByNamesRequest(db_name="s", tbl_name="empty", names=[])).partitions == []
    assert client.get_partition_names_ps_req(
        ttypes.GetPartitionNamesPsRequest(dbName="s", tblName="empty", partValues=[], maxParts=-1)).names == []


def test_exceptions_before_the_reply(client, ttypes, pg, metastore_db):
    make_table(client, ttypes, pg, metastore_db, "s", "t")
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partitions_by_names("s", "missing", ["ds=a/hr=1"])
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partitions("s", "missing", -1)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partition_names("nodb", "missing", -1)
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_partitions_by_names_req(
            ttypes.GetPartitionsByNamesRequest(db_name="s", tbl_name="missing", names=[]))
    with pytest.raises(ttypes.MetaException):
        client.get_partitions_by_filter("s", "t", "hr >>> 1", -1)
    with pytest.raises(ttypes.MetaException) as raised:
        client.get_partitions_ps("s", "t", ["a", "1", "extra"], -1)
    assert "Incorrect number of partition values" in raised.value.message
    # The connection goes on after each.
    assert client.get_partition_names("s", "t", -1) == []


def test_database_failure_mid_reply_closes_the_connection(start_hms, connect, ttypes, pg, metastore_db,
                                                          thrift_modules):
    """Once a streamed reply has begun, a failure cannot become an exception any
    more: the connection is closed, so the client sees a transport error, never a
    short list presented as the whole answer.  The reply is made far larger than
    the socket buffers and the client does not read, so hms waits in send inside
    its read snapshot; its PostgreSQL backend is terminated there."""
    import socket
    import time

    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TTransport

    service, _ = thrift_modules
    server = start_hms()
    client = connect(server.port)
    make_table(client, ttypes, pg, metastore_db, "s", "wide", keys=(("n", "int"),))
    padding = "x" * 4096
    add_in_batches(client, [trino_partition(client, ttypes, "s", "wide", [str(n)],
                                            parameters={"padding": padding})
                            for n in range(4000)], batch=500)

    request = TTransport.TMemoryBuffer()
    service.Client(TBinaryProtocol.TBinaryProtocol(request)).send_get_partitions("s", "wide", -1)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(request.getvalue())

    name, user, _ = metastore_db
    waiting = f"""SELECT pid FROM pg_stat_activity WHERE datname = '{name}' AND usename = '{user}'
                  AND state = 'idle in transaction' AND state_change < now() - interval '500 ms'"""
    deadline = time.time() + 30
    pids = []
    while not pids and time.time() < deadline:
        time.sleep(0.1)
        pids = pg.psql(waiting)
    assert pids, "hms never waited on the client inside its snapshot"
    pg.psql(f"SELECT pg_terminate_backend({pids[0]})")

    received = bytearray()
    sock.settimeout(30)
    while True:
        data = sock.recv(1 << 20)
        if not data:
            break
        received += data
    sock.close()
    reply = service.Client(TBinaryProtocol.TBinaryProtocol(TTransport.TMemoryBuffer(bytes(received))))
    with pytest.raises((EOFError, TTransport.TTransportException)):
        reply.recv_get_partitions()
    assert "closing the connection" in server.output()

    # Nothing was lost, and the next connection is served whole.
    assert len(connect(server.port).get_partitions("s", "wide", -1)) == 4000
