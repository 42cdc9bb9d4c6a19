#!/usr/bin/env python3
"""A DistrictSync evidence bundle checked with the Python standard library only (VERIFY.md step 3):
changeset.dsc is the changeset of evidence.json; its RFC 6962 leaf is in the city log per
inclusion-proof.json, up to the root of checkpoint.txt; checkpoint.txt is signed by the Ed25519 key of
log.vkey (C2SP signed note); receipt-content.bin (VERIFY.md step 1) names the changeset.
Usage: python3 verify_evidence.py [BUNDLE_DIR]. Exit 0 when every check passes, else 1."""
import base64, hashlib, json, os, sys

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def fail(why):
    sys.exit("FAIL: " + why)


def point_add(a, b):  # extended twisted Edwards coordinates (X, Y, Z, T)
    A = (a[1] - a[0]) * (b[1] - b[0]) % P
    B = (a[1] + a[0]) * (b[1] + b[0]) % P
    C = 2 * a[3] * b[3] * D % P
    Dd = 2 * a[2] * b[2] % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def scalar_mult(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        q, pt, s = point_add(q, pt) if s & 1 else q, point_add(pt, pt), s >> 1
    return q


def point_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0 or (x == 0 and sign):
        return None
    x = P - x if x & 1 != sign else x
    return (x, y, 1, x * y % P)


BASE = decompress(int(4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def ed25519_verify(public, message, signature):
    A, R = decompress(public), decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if A is None or R is None or s >= L or len(signature) != 64:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return point_equal(scalar_mult(s, BASE), point_add(R, scalar_mult(k, A)))


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index, size, leaf, proof):  # RFC 9162 section 2.1.3.2
    if index >= size:
        fail(f"leaf index {index} is not below the tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            fail("the inclusion proof is longer than the tree allows")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        fail("the inclusion proof is shorter than the tree needs")
    return r


def read_varint(data, at):
    value = shift = 0
    while data[at] >= 0x80:
        value, at, shift = value | (data[at] & 0x7F) << shift, at + 1, shift + 7
    return value | data[at] << shift, at + 1


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    path = lambda name: os.path.join(folder, name)
    manifest = json.load(open(path("evidence.json"), encoding="utf-8"))
    cid = manifest["changeset_id"]
    dsc = open(path("changeset.dsc"), "rb").read()
    if hashlib.sha256(dsc).hexdigest() != cid:
        fail("changeset.dsc is not the changeset " + cid)
    print("OK   changeset.dsc has SHA-256 " + cid)
    proof = json.load(open(path("inclusion-proof.json"), encoding="utf-8"))
    hashes = [base64.b64decode(h, validate=True) for h in proof["hashes"]]
    leaf = hashlib.sha256(b"\x00" + bytes.fromhex(cid)).digest()
    root = root_from_inclusion(proof["leaf_index"], proof["tree_size"], leaf, hashes)
    note = open(path("checkpoint.txt"), "rb").read()
    if b"\n\n" not in note:
        fail("checkpoint.txt is not a signed note (no blank line)")
    text, signatures = note.split(b"\n\n", 1)
    text += b"\n"
    lines = text.decode("utf-8").split("\n")
    origin, size, root_b64 = lines[0], int(lines[1]), lines[2]
    if size != proof["tree_size"] or base64.b64decode(root_b64, validate=True) != root:
        fail(f"the proof does not lead to the root of the checkpoint of {size} entries")
    print(f"OK   leaf {proof['leaf_index']} is in the log of {size} entries with root {root_b64}")
    name, key_id_hex, key_b64 = open(path("log.vkey"), encoding="utf-8").read().strip().split("+", 2)
    key = base64.b64decode(key_b64, validate=True)
    if key[0] != 1 or len(key) != 33 or name != origin:
        fail("log.vkey is not an Ed25519 verifier key for " + origin)
    key_id = hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]
    if key_id.hex() != key_id_hex:
        fail("the key id in log.vkey does not match its key")
    signed = False
    for line in signatures.decode("utf-8").split("\n"):
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == "\u2014" and parts[1] == name:
            blob = base64.b64decode(parts[2], validate=True)
            if blob[:4] == key_id and ed25519_verify(key[1:], text, blob[4:]):
                signed = True
    if not signed:
        fail("checkpoint.txt carries no valid signature by " + name)
    print("OK   checkpoint.txt is signed by the log key " + name + "+" + key_id_hex)
    content = open(path("receipt-content.bin"), "rb").read()
    if not content.startswith(b"DSYNCRC\x00"):
        fail("receipt-content.bin is not a receipt (run step 1 of VERIFY.md first)")
    n, at = read_varint(content, 10)
    if content[at : at + n].decode() != cid:
        fail("the receipt names another changeset")
    print("OK   the hub's receipt names this changeset")
    print("OK   all checks passed")


main()
