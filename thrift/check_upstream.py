#!/usr/bin/python3
"""Check that our Thrift IDL is wire-compatible with upstream Hive's IDL.

Usage:
    /usr/bin/python3 check_upstream.py [OUR_IDL] UPSTREAM_IDL [--upstream-fb303 PATH]

OUR_IDL defaults to hive_metastore.thrift next to this script.  UPSTREAM_IDL is
Apache Hive's standalone-metastore/metastore-common/src/main/thrift/
hive_metastore.thrift.  Upstream includes "share/fb303/if/fb303.thrift"; the
script copies both trees into a temporary directory and rewrites includes to
the bare file name, taking fb303.thrift from --upstream-fb303, or else from
the directory holding UPSTREAM_IDL (falling back to ours, with a warning).

Both IDLs are compiled with `thrift -r --gen json`; the compiler output is the
authority for field ids, names, wire types, requiredness and defaults.  The JSON
generator flattens enum types to i32, so a small parser over the IDL text is
used in addition to compare enum type *names* wherever the JSON says i32.

What is checked, for everything we declare:
  * structs / unions / exceptions: exist upstream with the same kind, and the
    same set of fields (id, name, type, default value); every upstream field
    must be present;
  * enums: exist upstream with identical members and values;
  * constants: exist upstream with the same type and value;
  * service methods (including those of the base service): exist upstream with
    the same oneway flag, return type, argument ids and types, and exception
    ids and types; the service extends the same base service.  Methods that
    upstream removed but old clients still call (get_table, see
    LEGACY_METHODS) are checked against their last upstream signature.
Requiredness differences are printed as notes only: we deliberately relax
default-requiredness fields of non-primitive type to `optional` (see the
comment at the top of hive_metastore.thrift).  Argument name differences are
notes too (names of arguments do not travel on the binary wire).

Exit status: 0 when compatible, 1 on any mismatch, 2 on usage/tool errors.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Methods that Hive 4.0.1+ removed from the IDL but that older clients still
# call.  If we ever declare one, it is checked against this signature (as of
# Hive 4.0.0) instead of being reported as "not in upstream".
# name -> (return type, {arg id: type}, {exception id: type})
LEGACY_METHODS = {
    "get_table": ("Table",
                  {1: "string", 2: "string"},
                  {1: "MetaException", 2: "NoSuchObjectException"}),
    "get_table_objects_by_name": ("list<Table>",
                                  {1: "string", 2: "list<string>"},
                                  {}),
}

# --------------------------------------------------------------------------
# Minimal IDL text parser: only used to recover enum type names (the JSON
# generator reports enums as plain i32).
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r'''
    (?P<ws>\s+)
  | (?P<lcomment>(//|\#)[^\n]*)
  | (?P<bcomment>/\*.*?\*/)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<punct>[{}()<>,;:=\[\]])
''', re.X | re.S)


def _tokenize(text):
    pos, out = 0, []
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise ValueError("cannot tokenize IDL near: %r" % text[pos:pos + 40])
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "lcomment", "bcomment"):
            continue
        out.append(m.group(kind))
    return out


class _Parser:
    def __init__(self, text):
        self.t = _tokenize(text)
        self.i = 0
        self.structs = {}    # name -> {id: type-string}
        self.functions = {}  # (service, name) -> (ret, {id: type}, {id: type})
        self.enums = set()

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, tok):
        got = self.next()
        if got != tok:
            raise ValueError("IDL parse: expected %r, got %r" % (tok, got))

    def skip_sep(self):
        while self.peek() in (",", ";"):
            self.i += 1

    def skip_annotations(self):
        if self.peek() == "(":
            depth = 0
            while True:
                tok = self.next()
                depth += tok == "("
                depth -= tok == ")"
                if depth == 0:
                    break

    def parse_type(self):
        name = self.next()
        if name in ("list", "set", "map"):
            self.expect("<")
            args = [self.parse_type()]
            while self.peek() == ",":
                self.next()
                args.append(self.parse_type())
            self.expect(">")
            self.skip_annotations()
            return "%s<%s>" % (name, ",".join(args))
        self.skip_annotations()
        return "i8" if name == "byte" else name

    def parse_const_value(self):
        tok = self.next()
        if tok in ("[", "{"):
            close = "]" if tok == "[" else "}"
            depth = 1
            while depth:
                t2 = self.next()
                depth += t2 == tok
                depth -= t2 == close
        return tok

    def parse_fields(self, close):
        fields = {}
        while self.peek() != close:
            fid = None
            if self.peek(1) == ":":
                fid = int(self.next())
                self.next()
            if self.peek() in ("required", "optional"):
                self.next()
            ftype = self.parse_type()
            fname = self.next()
            if self.peek() == "=":
                self.next()
                self.parse_const_value()
            self.skip_annotations()
            self.skip_sep()
            fields[fid if fid is not None else fname] = ftype
        self.next()
        return fields

    def parse(self):
        while self.peek() is not None:
            kw = self.next()
            if kw in ("include", "cpp_include"):
                self.next()
            elif kw == "namespace":
                self.next()
                self.next()
            elif kw in ("struct", "union", "exception"):
                name = self.next()
                self.expect("{")
                self.structs[name] = self.parse_fields("}")
                self.skip_annotations()
            elif kw == "enum":
                name = self.next()
                self.enums.add(name)
                self.expect("{")
                depth = 1
                while depth:
                    tok = self.next()
                    depth += tok == "{"
                    depth -= tok == "}"
                self.skip_annotations()
            elif kw == "const":
                self.parse_type()
                self.next()
                self.expect("=")
                self.parse_const_value()
            elif kw == "typedef":
                self.parse_type()
                self.next()
            elif kw == "service":
                sname = self.next()
                if self.peek() == "extends":
                    self.next()
                    self.next()
                self.expect("{")
                while self.peek() != "}":
                    if self.peek() in ("oneway", "async"):
                        self.next()
                    ret = self.parse_type()
                    fname = self.next()
                    self.expect("(")
                    args = self.parse_fields(")")
                    exc = {}
                    if self.peek() == "throws":
                        self.next()
                        self.expect("(")
                        exc = self.parse_fields(")")
                    self.skip_annotations()
                    self.skip_sep()
                    self.functions[(sname, fname)] = (ret, args, exc)
                self.next()
                self.skip_annotations()
            elif kw in (",", ";"):
                continue
            else:
                raise ValueError("IDL parse: unexpected token %r" % kw)
        return self


def _text_types(paths):
    """Parse several IDL files into one namespace (unqualified names)."""
    merged = _Parser("")
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            pr = _Parser(fh.read()).parse()
        merged.structs.update(pr.structs)
        merged.functions.update(pr.functions)
        merged.enums |= pr.enums
    return merged


def _enum_names(type_str, enums):
    """Reduce a textual type to the list of enum names it mentions, in order."""
    out = []
    for part in re.split(r"[<>,]", type_str):
        base = part.split(".")[-1]
        if base in enums:
            out.append(base)
    return out


# --------------------------------------------------------------------------
# JSON side
# --------------------------------------------------------------------------

def _type_str(spec):
    """Canonical wire-type string from a JSON type spec (with 'typeId')."""
    tid = spec["typeId"]
    inner = spec.get("type", spec)
    if tid in ("struct", "exception", "union"):
        return inner["class"].split(".")[-1]
    if tid == "list" or tid == "set":
        return "%s<%s>" % (tid, _type_str(_sub(inner, "elem")))
    if tid == "map":
        return "map<%s,%s>" % (_type_str(_sub(inner, "key")),
                               _type_str(_sub(inner, "value")))
    return tid


def _sub(spec, prefix):
    if prefix + "Type" in spec:
        t = dict(spec[prefix + "Type"])
        t.setdefault("typeId", spec[prefix + "TypeId"])
        return t
    return {"typeId": spec[prefix + "TypeId"]}


def _field_spec(f):
    spec = {"typeId": f["typeId"]}
    if "type" in f:
        spec["type"] = f["type"]
    return spec


def _ret_spec(fn):
    spec = {"typeId": fn["returnTypeId"]}
    if "returnType" in fn:
        spec["type"] = fn["returnType"]
    return spec


def _load_json(idl, outdir):
    os.makedirs(outdir, exist_ok=True)
    cmd = ["thrift", "-r", "--gen", "json", "-out", outdir, idl]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("thrift failed on %s" % idl)
    docs = {}
    for name in os.listdir(outdir):
        if name.endswith(".json"):
            with open(os.path.join(outdir, name), encoding="utf-8") as fh:
                doc = json.load(fh)
            docs[doc["name"]] = doc
    return docs


def _index(docs):
    structs, enums, consts, services = {}, {}, {}, {}
    for doc in docs.values():
        for s in doc.get("structs", []):
            structs[s["name"]] = s
        for e in doc.get("enums", []):
            enums[e["name"]] = e
        for c in doc.get("constants", []):
            consts[c["name"]] = c
        for sv in doc.get("services", []):
            services[sv["name"]] = sv
    return structs, enums, consts, services


def _kind(s):
    if s.get("isException"):
        return "exception"
    return "union" if s.get("isUnion") else "struct"


def _stage(idl, dest, fb303_override=None, warn=None):
    """Copy idl (+ its includes) into dest, rewriting includes to basenames."""
    os.makedirs(dest, exist_ok=True)
    src_dir = os.path.dirname(os.path.abspath(idl))
    with open(idl, encoding="utf-8") as fh:
        text = fh.read()
    includes = re.findall(r'^\s*include\s+"([^"]+)"', text, re.M)
    text = re.sub(r'^(\s*include\s+")([^"]+)(")',
                  lambda m: m.group(1) + os.path.basename(m.group(2)) + m.group(3),
                  text, flags=re.M)
    out = os.path.join(dest, os.path.basename(idl))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)
    staged = [out]
    for inc in includes:
        base = os.path.basename(inc)
        cands = []
        if fb303_override and base == "fb303.thrift":
            cands.append(fb303_override)
        cands += [os.path.join(src_dir, inc), os.path.join(src_dir, base)]
        if warn is not None:
            cands.append(os.path.join(HERE, base))
        for c in cands:
            if os.path.isfile(c):
                if warn is not None and os.path.dirname(os.path.abspath(c)) == HERE \
                        and os.path.abspath(src_dir) != HERE:
                    warn.append("upstream include %s not found; using our %s" % (inc, c))
                shutil.copyfile(c, os.path.join(dest, base))
                staged.append(os.path.join(dest, base))
                break
        else:
            raise SystemExit("cannot find include %r of %s" % (inc, idl))
    return out, staged


def check(ours_idl, up_idl, up_fb303=None):
    errors, notes, warns = [], [], []
    tmp = tempfile.mkdtemp(prefix="hms-idl-check-")
    try:
        ours_main, ours_files = _stage(ours_idl, os.path.join(tmp, "ours"))
        up_main, up_files = _stage(up_idl, os.path.join(tmp, "up"), up_fb303, warns)
        o_structs, o_enums, o_consts, o_svcs = _index(
            _load_json(ours_main, os.path.join(tmp, "ours-json")))
        u_structs, u_enums, u_consts, u_svcs = _index(
            _load_json(up_main, os.path.join(tmp, "up-json")))
        o_text = _text_types(ours_files)
        u_text = _text_types(up_files)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def enum_check(where, o_type, u_type):
        oe = _enum_names(o_type or "", o_text.enums)
        ue = _enum_names(u_type or "", u_text.enums)
        if oe != ue:
            errors.append("%s: enum type differs: ours %s, upstream %s"
                          % (where, o_type, u_type))

    # enums
    for name, e in sorted(o_enums.items()):
        ue = u_enums.get(name)
        if ue is None:
            errors.append("enum %s: not in upstream" % name)
            continue
        om = [(m["name"], m["value"]) for m in e["members"]]
        um = [(m["name"], m["value"]) for m in ue["members"]]
        if sorted(om) != sorted(um):
            errors.append("enum %s: members differ: ours %s, upstream %s" % (name, om, um))

    # constants
    for name, c in sorted(o_consts.items()):
        uc = u_consts.get(name)
        if uc is None:
            errors.append("const %s: not in upstream" % name)
        elif (c["typeId"], c["value"]) != (uc["typeId"], uc["value"]):
            errors.append("const %s: ours %s=%r, upstream %s=%r"
                          % (name, c["typeId"], c["value"], uc["typeId"], uc["value"]))

    # structs / unions / exceptions
    for name, s in sorted(o_structs.items()):
        us = u_structs.get(name)
        if us is None:
            errors.append("%s %s: not in upstream" % (_kind(s), name))
            continue
        if _kind(s) != _kind(us):
            errors.append("%s: kind differs: ours %s, upstream %s" % (name, _kind(s), _kind(us)))
        of = {f["key"]: f for f in s["fields"]}
        uf = {f["key"]: f for f in us["fields"]}
        for key in sorted(set(of) | set(uf)):
            where = "%s.%s" % (name, (of.get(key) or uf.get(key))["name"])
            if key not in of:
                errors.append("%s %s: upstream field %d:%s %s missing in ours"
                              % (_kind(s), name, key, uf[key]["name"], _type_str(_field_spec(uf[key]))))
                continue
            if key not in uf:
                errors.append("%s %s: field %d:%s not in upstream" % (_kind(s), name, key, of[key]["name"]))
                continue
            o, u = of[key], uf[key]
            if o["name"] != u["name"]:
                errors.append("%s field %d: name ours %s, upstream %s" % (name, key, o["name"], u["name"]))
            ot, ut = _type_str(_field_spec(o)), _type_str(_field_spec(u))
            if ot != ut:
                errors.append("%s (id %d): type ours %s, upstream %s" % (where, key, ot, ut))
            else:
                enum_check("%s (id %d)" % (where, key),
                           o_text.structs.get(name, {}).get(key),
                           u_text.structs.get(name, {}).get(key))
            if o.get("default") != u.get("default"):
                errors.append("%s: default ours %r, upstream %r" % (where, o.get("default"), u.get("default")))
            if o["required"] != u["required"]:
                notes.append("%s: requiredness ours %s, upstream %s" % (where, o["required"], u["required"]))

    # services
    def flatten(svcs, name):
        """All functions of service `name`, base services included."""
        out = {}
        sv = svcs.get(name.split(".")[-1])
        if sv is None:
            return out
        if sv.get("extends"):
            out.update(flatten(svcs, sv["extends"]))
        for fn in sv["functions"]:
            out[fn["name"]] = (sv["name"], fn)
        return out

    for sname, sv in sorted(o_svcs.items()):
        usv = u_svcs.get(sname)
        if usv is None:
            errors.append("service %s: not in upstream" % sname)
            continue
        if (sv.get("extends") or "").split(".")[-1] != (usv.get("extends") or "").split(".")[-1]:
            errors.append("service %s: extends ours %r, upstream %r"
                          % (sname, sv.get("extends"), usv.get("extends")))
        ufuncs = flatten(u_svcs, sname)
        for fn in sv["functions"]:
            fname = fn["name"]
            if fname not in ufuncs and fname in LEGACY_METHODS:
                want = LEGACY_METHODS[fname]
                got = (_type_str(_ret_spec(fn)),
                       {a["key"]: _type_str(_field_spec(a)) for a in fn["arguments"]},
                       {a["key"]: _type_str(_field_spec(a)) for a in fn["exceptions"]})
                if got != want:
                    errors.append("method %s.%s: legacy signature ours %r, Hive 4.0.0 %r"
                                  % (sname, fname, got, want))
                else:
                    notes.append("method %s.%s: not in upstream; matches the Hive 4.0.0 "
                                 "signature (LEGACY_METHODS)" % (sname, fname))
                continue
            if fname not in ufuncs:
                errors.append("method %s.%s: not in upstream" % (sname, fname))
                continue
            usname, ufn = ufuncs[fname]
            where = "method %s.%s" % (sname, fname)
            otext = o_text.functions.get((sname, fname), (None, {}, {}))
            utext = u_text.functions.get((usname, fname), (None, {}, {}))
            if fn["oneway"] != ufn["oneway"]:
                errors.append("%s: oneway ours %s, upstream %s" % (where, fn["oneway"], ufn["oneway"]))
            ort, urt = _type_str(_ret_spec(fn)), _type_str(_ret_spec(ufn))
            if ort != urt:
                errors.append("%s: return type ours %s, upstream %s" % (where, ort, urt))
            else:
                enum_check(where + " return", otext[0], utext[0])
            for label, lst, ulst, ti in (("argument", fn["arguments"], ufn["arguments"], 1),
                                         ("exception", fn["exceptions"], ufn["exceptions"], 2)):
                oa = {a["key"]: a for a in lst}
                ua = {a["key"]: a for a in ulst}
                for key in sorted(set(oa) | set(ua)):
                    if key not in oa:
                        errors.append("%s: upstream %s %d:%s missing in ours" % (where, label, key, ua[key]["name"]))
                        continue
                    if key not in ua:
                        errors.append("%s: %s %d:%s not in upstream" % (where, label, key, oa[key]["name"]))
                        continue
                    ot, ut = _type_str(_field_spec(oa[key])), _type_str(_field_spec(ua[key]))
                    if ot != ut:
                        errors.append("%s: %s %d type ours %s, upstream %s" % (where, label, key, ot, ut))
                    else:
                        enum_check("%s %s %d" % (where, label, key),
                                   otext[ti].get(key), utext[ti].get(key))
                    if oa[key]["name"] != ua[key]["name"]:
                        notes.append("%s: %s %d name ours %s, upstream %s"
                                     % (where, label, key, oa[key]["name"], ua[key]["name"]))
    return errors, notes, warns


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("idls", nargs="+", metavar="IDL",
                    help="[OUR_IDL] UPSTREAM_IDL")
    ap.add_argument("--upstream-fb303", help="upstream fb303.thrift")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print notes")
    args = ap.parse_args(argv)
    if len(args.idls) == 1:
        ours, up = os.path.join(HERE, "hive_metastore.thrift"), args.idls[0]
    elif len(args.idls) == 2:
        ours, up = args.idls
    else:
        ap.error("expected [OUR_IDL] UPSTREAM_IDL")
    if shutil.which("thrift") is None:
        print("thrift compiler not found in PATH", file=sys.stderr)
        return 2
    errors, notes, warns = check(ours, up, args.upstream_fb303)
    for w in warns:
        print("warning: " + w)
    if not args.quiet:
        for n in notes:
            print("note: " + n)
    for e in errors:
        print("MISMATCH: " + e)
    print("%d mismatch(es), %d note(s)" % (len(errors), len(notes)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
