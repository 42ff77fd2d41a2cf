#!/usr/bin/python3
"""An independent verifier of Flagtab's wire format v2 (docs/wire-format-v2.md), written from the
spec, not from lib/wire/v2. PyJWT (Debian's python3-jwt, 2.6) checks the signatures; the steps
around it follow the spec's order so the reasons match. PyJWT 2.6 cannot be given a clock, so
the time checks against each vector's `now` are done here.

Usage: verify_v2.py docs/wire-v2-vectors.json  ->  prints one JSON result per vector.
"""
import base64
import json
import math
import re
import sys

try:
    import jwt
    from jwt.algorithms import HMACAlgorithm, OKPAlgorithm
except ImportError as error:  # the vitest test turns this exit code into a clear failure
    print(f"verify_v2.py needs PyJWT with cryptography: apt-get install python3-jwt python3-cryptography ({error})", file=sys.stderr)
    sys.exit(3)

TOKEN_TYPE = "flagtab-overrides+jwt"
MAX_TOKEN_LENGTH = 16384
COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
KID = re.compile(r"[!#-~]{1,128}")
MAX_SAFE_INTEGER = 2**53 - 1


class Reject(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def b64url(part):
    """Strict unpadded base64url: only the alphabet, and only the canonical text for the bytes."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", part) or len(part) % 4 == 1:
        raise Reject("malformed", "not base64url")
    data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != part:
        raise Reject("malformed", "non-canonical base64url")
    return data


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def json_object(part, what):
    try:
        value = json.loads(b64url(part).decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise Reject("malformed", f"{what}: {error}")
    if not isinstance(value, dict):
        raise Reject("malformed", f"{what}: not a JSON object")
    return value


def whole_seconds(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and value == int(value) and abs(value) <= MAX_SAFE_INTEGER


def json_problem(value):
    """Why a value cannot travel (v1's rules: finite numbers, well-formed Unicode), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "lone surrogate"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else "non-finite number"
    if isinstance(value, list):
        return next((p for p in map(json_problem, value) if p), None)
    if isinstance(value, dict):
        return next((p for k, v in value.items() for p in (json_problem(k), json_problem(v)) if p), None)
    return None


def flag_allowed(flags, key):
    if flags is None:
        return True
    return any(key.startswith(p[:-1]) if p.endswith("*") else key == p for p in flags)


def load_keys(entries):
    keys = {}
    for entry in entries:
        jwk = entry["jwk"]
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            alg, key = "EdDSA", OKPAlgorithm.from_jwk(json.dumps(jwk))
        elif jwk.get("kty") == "oct":
            alg, key = "HS256", HMACAlgorithm.from_jwk(json.dumps(jwk))
        else:
            raise ValueError(f"unsupported key {entry['kid']}")
        keys[entry["kid"]] = {"alg": alg, "key": key, "flags": entry.get("flags"), "max": entry.get("maxLifetimeSec", 8 * 3600)}
    return keys


def verify(token, keys, audience, now, skew):
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not COMPACT.fullmatch(token):
        raise Reject("malformed", "not a compact JWS")
    header_part, claims_part, signature_part = token.split(".")
    header = json_object(header_part, "header")
    alg, kid = header.get("alg"), header.get("kid")
    if header.get("typ") != TOKEN_TYPE or alg not in ("EdDSA", "HS256"):
        raise Reject("malformed", "typ or alg")
    if not isinstance(kid, str) or not KID.fullmatch(kid) or "crit" in header:
        raise Reject("malformed", "kid or crit")
    trusted = keys.get(kid)
    if trusted is None:
        raise Reject("unknown-key", kid)
    if trusted["alg"] != alg:
        raise Reject("wrong-algorithm", f"{kid} is {trusted['alg']}")
    b64url(signature_part)
    try:
        # The signature, by PyJWT. Claims are checked below against the vector's clock.
        jwt.decode(token, trusted["key"], algorithms=[alg],
                   options={"verify_signature": True, "verify_exp": False, "verify_iat": False,
                            "verify_nbf": False, "verify_aud": False, "verify_iss": False})
    except jwt.InvalidSignatureError:
        raise Reject("bad-signature", "signature")
    except jwt.DecodeError as error:
        raise Reject("malformed", str(error))

    claims = json_object(claims_part, "claims")
    aud, sub, iat, exp, flg = (claims.get(k) for k in ("aud", "sub", "iat", "exp", "flg"))
    if not isinstance(aud, str) or not isinstance(sub, str) or sub == "":
        raise Reject("malformed", "aud or sub")
    if not whole_seconds(iat) or not whole_seconds(exp) or exp <= iat:
        raise Reject("malformed", "iat or exp")
    if not isinstance(flg, dict):
        raise Reject("malformed", "flg")
    if aud != audience:
        raise Reject("wrong-audience", aud)
    if iat > now + skew:
        raise Reject("not-yet-valid", "iat")
    if now - skew >= exp:
        raise Reject("expired", "exp")
    if exp - iat > trusted["max"]:
        raise Reject("too-long", "lifetime")
    for key, value in flg.items():
        if key == "" or json_problem(key) or json_problem(value):
            raise Reject("malformed", f"flag {key!r}")
    for key in flg:
        if not flag_allowed(trusted["flags"], key):
            raise Reject("flag-not-allowed", key)
    return {"ok": True, "values": flg, "kid": kid, "sub": sub}


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        spec = json.load(file)
    keys = load_keys(spec["keys"])
    results = []
    for vector in spec["vectors"]:
        try:
            result = verify(vector["token"], keys, spec["audience"], vector["now"], spec["clockSkewSec"])
        except Reject as refusal:
            result = {"ok": False, "reason": refusal.reason}
        results.append({"name": vector["name"], **result})
    # ensure_ascii keeps lone surrogates (never in an accepted result) from breaking the output.
    print(json.dumps({"pyjwt": jwt.__version__, "results": results}, ensure_ascii=True))


if __name__ == "__main__":
    main()
