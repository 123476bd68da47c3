"""The wire, checked without our IDL: messages are built field by field with
the ids upstream Hive's hive_metastore.thrift gives (so a wrong id in our IDL
fails here), and malformed input must cost only its own connection."""

import socket
import struct

import pytest
from thrift.protocol import TBinaryProtocol
from thrift.Thrift import TApplicationException, TMessageType, TType
from thrift.transport import TSocket, TTransport

# Field ids from upstream apache/hive hive_metastore.thrift (Hive 4).
DATABASE_FIELDS = {1: "name", 2: "description", 3: "locationUri", 4: "parameters",
                   5: "privileges", 6: "ownerName", 7: "ownerType", 8: "catalogName",
                   9: "createTime", 10: "managedLocationUri", 11: "type",
                   12: "connector_name", 13: "remote_dbname"}


def open_protocol(port, framed=False):
    sock = TSocket.TSocket("127.0.0.1", port)
    sock.setTimeout(10000)
    transport = TTransport.TFramedTransport(sock) if framed else TTransport.TBufferedTransport(sock)
    transport.open()
    return transport, TBinaryProtocol.TBinaryProtocol(transport)


def read_value(protocol, kind):
    """Reads any Thrift value generically: structs become {id: value}."""
    if kind == TType.STRUCT:
        fields = {}
        protocol.readStructBegin()
        while True:
            _, field_type, field_id = protocol.readFieldBegin()
            if field_type == TType.STOP:
                break
            fields[field_id] = (field_type, read_value(protocol, field_type))
            protocol.readFieldEnd()
        protocol.readStructEnd()
        return fields
    if kind == TType.STRING:
        return protocol.readString()
    if kind == TType.I32:
        return protocol.readI32()
    if kind == TType.I64:
        return protocol.readI64()
    if kind == TType.BOOL:
        return protocol.readBool()
    if kind == TType.MAP:
        key_type, value_type, size = protocol.readMapBegin()
        result = {read_value(protocol, key_type): read_value(protocol, value_type) for _ in range(size)}
        protocol.readMapEnd()
        return result
    if kind == TType.LIST:
        element_type, size = protocol.readListBegin()
        result = [read_value(protocol, element_type) for _ in range(size)]
        protocol.readListEnd()
        return result
    protocol.skip(kind)
    return None


def call(protocol, transport, method, string_args):
    """Sends METHOD with string arguments at the given field ids; returns (kind, reply)."""
    protocol.writeMessageBegin(method, TMessageType.CALL, 1)
    protocol.writeStructBegin("args")
    for field_id, value in string_args.items():
        protocol.writeFieldBegin("a", TType.STRING, field_id)
        protocol.writeString(value)
        protocol.writeFieldEnd()
    protocol.writeFieldStop()
    protocol.writeStructEnd()
    protocol.writeMessageEnd()
    transport.flush()
    _, kind, _ = protocol.readMessageBegin()
    if kind == TMessageType.EXCEPTION:
        error = TApplicationException()
        error.read(protocol)
        protocol.readMessageEnd()
        return kind, error
    reply = read_value(protocol, TType.STRUCT)
    protocol.readMessageEnd()
    return kind, reply


@pytest.fixture
def hms(start_hms):
    return start_hms()


def test_get_database_field_ids_match_upstream(hms):
    transport, protocol = open_protocol(hms.port)
    kind, reply = call(protocol, transport, "get_database", {1: "default"})
    assert kind == TMessageType.REPLY
    field_type, database = reply[0]                     # success
    assert field_type == TType.STRUCT
    assert database[1] == (TType.STRING, "default")
    assert database[2] == (TType.STRING, "Default Hive database")
    assert database[4][0] == TType.MAP
    assert database[6] == (TType.STRING, "public")
    assert database[7] == (TType.I32, 2)                # PrincipalType.ROLE
    assert database[8] == (TType.STRING, "hive")
    assert database[9][0] == TType.I32
    assert database[11] == (TType.I32, 1)               # DatabaseType.NATIVE
    # Fields the Java server leaves null are absent, not empty.
    assert 5 not in database and 10 not in database and 12 not in database
    transport.close()


def test_exception_travels_in_its_upstream_field(hms):
    transport, protocol = open_protocol(hms.port)
    kind, reply = call(protocol, transport, "get_database", {1: "missing_db"})
    assert kind == TMessageType.REPLY
    assert list(reply) == [1]                           # o1: NoSuchObjectException
    assert "missing_db" in reply[1][1][1][1]            # its field 1: message
    kind, reply = call(protocol, transport, "drop_database", {1: "default"})
    assert list(reply) == [3]                           # o3: MetaException
    transport.close()


def test_unknown_method_answers_unknown_method(hms):
    transport, protocol = open_protocol(hms.port)
    # get_table was removed from Hive 4.0.1's IDL; anything undeclared is UNKNOWN_METHOD.
    kind, error = call(protocol, transport, "no_such_method_at_all", {1: "x", 2: "y"})
    assert kind == TMessageType.EXCEPTION
    assert error.type == TApplicationException.UNKNOWN_METHOD
    kind, reply = call(protocol, transport, "get_database", {1: "default"})
    assert kind == TMessageType.REPLY
    transport.close()


def raw_connection(port):
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def still_serves(port):
    transport, protocol = open_protocol(port)
    kind, reply = call(protocol, transport, "get_database", {1: "default"})
    transport.close()
    return kind == TMessageType.REPLY and reply[0][1][1][1] == "default"


def test_truncated_message_costs_only_its_connection(hms):
    buffer = TTransport.TMemoryBuffer()
    protocol = TBinaryProtocol.TBinaryProtocol(buffer)
    protocol.writeMessageBegin("get_database", TMessageType.CALL, 1)
    protocol.writeStructBegin("args")
    protocol.writeFieldBegin("name", TType.STRING, 1)
    protocol.writeString("default")
    message = buffer.getvalue()
    with raw_connection(hms.port) as sock:
        sock.sendall(message[: len(message) - 4])
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(100) == b""
    assert still_serves(hms.port)


def closed_by_server(sock):
    """True once the server hangs up (EOF or reset), without an answer."""
    sock.settimeout(10)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return True


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_huge_string_is_refused_without_allocating(hms):
    """A string that claims 1 GiB (over metastore.server.max.message.size) is refused at once."""
    header = struct.pack(">I", 0x80010001) + struct.pack(">I", 12) + b"get_database" + struct.pack(">i", 1)
    field = struct.pack(">bh", TType.STRING, 1) + struct.pack(">i", 1 << 30)
    before = rss_kib(hms.process.pid)
    with raw_connection(hms.port) as sock:
        sock.sendall(header + field + b"x" * 1000)
        assert closed_by_server(sock)
    assert still_serves(hms.port)
    assert hms.process.poll() is None
    assert rss_kib(hms.process.pid) - before < 64 * 1024


def test_large_strings_fail_cleanly_and_change_nothing(hms, connect, ttypes, pg, metastore_db):
    client = connect(hms.port)
    # DATABASE_PARAMS.PARAM_VALUE is varchar(4000) in Hive's schema: the longest fits...
    client.create_database(ttypes.Database(name="fits", parameters={"blob": "x" * 4000}))
    assert client.get_database("fits").parameters["blob"] == "x" * 4000
    # ...and a 4 MiB one is a MetaException that leaves nothing behind.
    with pytest.raises(ttypes.MetaException) as raised:
        client.create_database(ttypes.Database(name="toolong", parameters={"blob": "x" * (4 << 20)}))
    assert "too long" in raised.value.message
    with pytest.raises(ttypes.NoSuchObjectException):
        client.get_database("toolong")
    assert pg.psql('SELECT count(*) FROM "DBS" WHERE "NAME" = \'toolong\'', database=metastore_db[0]) == ["0"]


def test_garbage_bytes_cost_only_their_connection(hms):
    with raw_connection(hms.port) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        assert closed_by_server(sock)
    assert still_serves(hms.port)


def test_framed_transport_when_configured(start_hms):
    hms = start_hms({"metastore.thrift.framed.transport.enabled": "true"})
    transport, protocol = open_protocol(hms.port, framed=True)
    kind, reply = call(protocol, transport, "get_database", {1: "default"})
    assert kind == TMessageType.REPLY
    transport.close()


def get_database_message(name, seqid=1):
    encoded = name.encode()
    return (struct.pack(">I", 0x80010001) + struct.pack(">I", 12) + b"get_database"
            + struct.pack(">i", seqid) + struct.pack(">bh", TType.STRING, 1)
            + struct.pack(">i", len(encoded)) + encoded + b"\x00")


def reply_reader(sock):
    return TBinaryProtocol.TBinaryProtocol(TTransport.TFileObjectTransport(sock.makefile("rb")))


def read_reply(protocol):
    """Reads one get_database reply off a raw socket through the Python protocol."""
    _, kind, seqid = protocol.readMessageBegin()
    reply = read_value(protocol, TType.STRUCT)
    return kind, seqid, reply


def test_request_sent_byte_by_byte_is_served(hms):
    """The server's read buffer hands out what has arrived and waits for the rest."""
    with raw_connection(hms.port) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in get_database_message("default"):
            sock.sendall(bytes([byte]))
        kind, seqid, reply = read_reply(reply_reader(sock))
    assert (kind, seqid) == (TMessageType.REPLY, 1)
    assert reply[0][1][1] == (TType.STRING, "default")


def test_calls_sent_together_are_answered_in_order(hms):
    """Several calls in one segment: what the buffer read ahead is the next call."""
    with raw_connection(hms.port) as sock:
        sock.sendall(b"".join(get_database_message(name, seqid)
                              for seqid, name in enumerate(["default", "nosuch", "default"], 1)))
        protocol = reply_reader(sock)
        replies = [read_reply(protocol) for _ in range(3)]
    assert [seqid for _, seqid, _ in replies] == [1, 2, 3]
    assert replies[0][2][0][1][1] == (TType.STRING, "default")
    assert 1 in replies[1][2]                          # NoSuchObjectException, field 1
    assert replies[2][2][0][1][1] == (TType.STRING, "default")


def test_messages_larger_than_the_buffers_cross_intact(hms, connect, ttypes):
    """A 1 MB parameter goes in (read past the 64 KB buffer) and comes back (written in pieces)."""
    client = connect(hms.port)
    value = "".join(chr(0x41 + i % 26) for i in range(3000))
    parameters = {f"key{i:03d}": value for i in range(350)}
    client.create_database(ttypes.Database(name="bigparams", parameters=parameters))
    assert client.get_database("bigparams").parameters == parameters
