#!/usr/bin/python3
"""Run `thrift -r --gen c_glib` and fix a known bug in the generated code.

Usage: gen_c_glib.py THRIFT_COMPILER OUTDIR IDL

Bug (c_glib generator of Thrift 0.17, as packaged by Debian; fixed upstream
by apache/thrift PR #3393, "Fix parent class resolution in c_glib generated
dispatch_call"):
a generated processor's dispatch_call() chains up to its parent class with

    g_type_class_peek_parent (XXX_PROCESSOR_GET_CLASS (self))

GET_CLASS(self) is the *runtime* class of the instance.  When the processor
belongs to a base service (FacebookService under ThriftHiveMetastore), or when
a processor is subclassed, that resolves to the wrong class and dispatch_call()
calls itself until the stack overflows: any method name that no processor in
the chain knows (i.e. every method we do not declare) crashes the server
instead of producing TApplicationException(UNKNOWN_METHOD).

The fix resolves the parent of the class that *defines* dispatch_call():

    g_type_class_peek_parent (g_type_class_peek (XXX_TYPE_PROCESSOR))

Second bug, same generator: a struct's generated finalize() frees its fields
but never chains up to the parent class's finalize, so GObject's own
clean-up of every Thrift object is skipped and each one leaks a little; in
a server answering millions of calls that adds up.  The fix appends

    G_OBJECT_CLASS (g_type_class_peek_parent (g_type_class_peek (xxx_get_type ())))->finalize (object);

to each generated xxx_finalize().

Third bug, same generator: each xxx_get_type() registers its type on first
use behind a plain `static GType type = 0; if (type == 0)`, without a lock.
Two connection threads that first use a type at the same moment both
register it: GLib refuses the second ("cannot register existing type") and
g_object_new() then returns NULL.  The fix wraps the registration in
g_once_init_enter()/g_once_init_leave(), as G_DEFINE_TYPE does.

The script fails (exit 1) if a pattern cannot be resolved, so a changed
generator cannot silently skip a fix.
"""

import os
import re
import subprocess
import sys

CALL_RE = re.compile(r"g_type_class_peek_parent \(([A-Z0-9_]+_PROCESSOR)_GET_CLASS \(self\)\)")
# A generated finalize: "static void\nxxx_finalize (GObject *object)\n{ ... \n}\n".
# A generated xxx_get_type(): the lazy registration up to its "return type;".
GET_TYPE_RE = re.compile(r"static GType type = 0;\s*if \(type == 0\)\s*\{(.*?)\}(\s*return type;)", re.S)
FINALIZE_RE = re.compile(r"\n([a-z0-9_]+)_finalize \(GObject \*object\)\n\{\n(.*?)\n\}\n", re.S)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    thrift, outdir, idl = argv[1:]
    os.makedirs(outdir, exist_ok=True)
    res = subprocess.run([thrift, "-r", "--gen", "c_glib", "-out", outdir, idl])
    if res.returncode != 0:
        return res.returncode

    # Map FOO_PROCESSOR_GET_CLASS -> the type macro it is defined with.
    type_of = {}
    for name in os.listdir(outdir):
        if name.endswith(".h"):
            with open(os.path.join(outdir, name), encoding="utf-8") as fh:
                for m in re.finditer(r"#define ([A-Z0-9_]+_PROCESSOR)_GET_CLASS\(obj\) "
                                     r"\(G_TYPE_INSTANCE_GET_CLASS \(\(obj\), ([A-Z0-9_]+),",
                                     fh.read()):
                    type_of[m.group(1)] = m.group(2)

    fixed = 0
    finalizers = 0
    registrations = 0
    for name in sorted(os.listdir(outdir)):
        if not name.endswith(".c"):
            continue
        path = os.path.join(outdir, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()

        def repl(m):
            if m.group(1) not in type_of:
                raise SystemExit("gen_c_glib.py: no type macro for %s" % m.group(1))
            return "g_type_class_peek_parent (g_type_class_peek (%s))" % type_of[m.group(1)]

        new, n = CALL_RE.subn(repl, text)
        fixed += n

        def chain_up(m):
            nonlocal finalizers
            if "->finalize (object)" in m.group(2):
                return m.group(0)
            finalizers += 1
            return ("\n%s_finalize (GObject *object)\n{\n%s\n"
                    "  G_OBJECT_CLASS (g_type_class_peek_parent (g_type_class_peek (%s_get_type ())))"
                    "->finalize (object);\n}\n" % (m.group(1), m.group(2), m.group(1)))

        new = FINALIZE_RE.sub(chain_up, new)
        new, n = GET_TYPE_RE.subn(
            lambda m: ("static gsize type_once = 0;\n  static GType type = 0;\n\n"
                       "  if (g_once_init_enter (&type_once))\n  {%s"
                       "  g_once_init_leave (&type_once, 1);\n  }%s" % (m.group(1), m.group(2))),
            new)
        registrations += n
        if new != text:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(new)
    if fixed == 0:
        sys.stderr.write("gen_c_glib.py: dispatch_call pattern not found; "
                         "generator changed? check the fix is still needed\n")
        return 1
    if finalizers == 0:
        sys.stderr.write("gen_c_glib.py: no struct finalize() found to chain up; "
                         "generator changed? check the fix is still needed\n")
        return 1
    if registrations == 0:
        sys.stderr.write("gen_c_glib.py: no lazy type registration found to make thread-safe; "
                         "generator changed? check the fix is still needed\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
