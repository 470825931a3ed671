"""Table-driven tests of Docker's image-reference rules (distribution/reference v0.6.0 + go-digest).

Expected values come from Docker's rules (see /work/shared/notes/image-references.md), not from our code.
"""

from __future__ import annotations

import pytest

from bot.core.references import (
    ImageReference,
    InvalidReferenceError,
    ReferenceErrorKind,
    implied_parts,
    is_valid_reference,
    parse_reference,
    same_image,
    try_parse_reference,
)

H64 = "0123456789abcdef" * 4
H96 = "0123456789abcdef" * 6
H128 = "0123456789abcdef" * 8
K = ReferenceErrorKind
HUB = "docker.io/library/"


def _lowercase(remote: str) -> str:
    """ParseNormalizedNamed's own error for capitals in the remote name."""
    return f"invalid reference format: repository name ({remote}) must be lowercase"


# input, registry, path, tag, digest, canonical, familiar
VALID = [
    ("nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx:latest", "nginx"),
    ("nginx:1.27", "docker.io", "library/nginx", "1.27", "", "docker.io/library/nginx:1.27", "nginx:1.27"),
    ("library/nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx:latest", "nginx"),
    ("docker.io/nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx:latest", "nginx"),
    ("docker.io/library/nginx:latest", "docker.io", "library/nginx", "latest", "", None, "nginx:latest"),
    (
        "index.docker.io/nginx",
        "docker.io",
        "library/nginx",
        "",
        "",
        "docker.io/library/nginx:latest",
        "nginx",
    ),
    ("index.docker.io/user/app", "docker.io", "user/app", "", "", "docker.io/user/app:latest", "user/app"),
    ("user/app", "docker.io", "user/app", "", "", "docker.io/user/app:latest", "user/app"),
    (
        "docker.io/library/a/b",
        "docker.io",
        "library/a/b",
        "",
        "",
        "docker.io/library/a/b:latest",
        "library/a/b",
    ),
    ("library/a/b", "docker.io", "library/a/b", "", "", "docker.io/library/a/b:latest", "library/a/b"),
    (f"user/app@sha256:{H64}", "docker.io", "user/app", "", f"sha256:{H64}", None, None),
    (f"nginx:1.27@sha256:{H64}", "docker.io", "library/nginx", "1.27", f"sha256:{H64}", None, None),
    (f"nginx@sha384:{H96}", "docker.io", "library/nginx", "", f"sha384:{H96}", None, None),
    (f"nginx@sha512:{H128}", "docker.io", "library/nginx", "", f"sha512:{H128}", None, None),
    ("localhost/app", "localhost", "app", "", "", "localhost/app:latest", "localhost/app"),
    ("localhost:5000/app:v1", "localhost:5000", "app", "v1", "", None, "localhost:5000/app:v1"),
    # No "/": a host-looking name is a Docker Hub image, ":5000" a tag.
    ("localhost:5000", "docker.io", "library/localhost", "5000", "", None, "localhost:5000"),
    (
        "localhost",
        "docker.io",
        "library/localhost",
        "",
        "",
        "docker.io/library/localhost:latest",
        "localhost",
    ),
    ("example.com", "docker.io", "library/example.com", "", "", None, "example.com"),
    ("host:5000", "docker.io", "library/host", "5000", "", None, "host:5000"),
    ("example.com/app", "example.com", "app", "", "", "example.com/app:latest", "example.com/app"),
    ("foo:5000/bar", "foo:5000", "bar", "", "", "foo:5000/bar:latest", "foo:5000/bar"),
    ("Foo/bar", "Foo", "bar", "", "", "Foo/bar:latest", "Foo/bar"),
    ("Docker.io/nginx", "Docker.io", "nginx", "", "", "Docker.io/nginx:latest", "Docker.io/nginx"),
    ("REGISTRY.Example.COM/team/app", "REGISTRY.Example.COM", "team/app", "", "", None, None),
    ("[::1]:5000/x", "[::1]:5000", "x", "", "", "[::1]:5000/x:latest", "[::1]:5000/x"),
    ("[::]/x", "[::]", "x", "", "", "[::]/x:latest", "[::]/x"),
    ("[:]/x", "[:]", "x", "", "", None, None),
    ("[fe80::1:AbCd]/x", "[fe80::1:AbCd]", "x", "", "", None, None),
    ("256.256.256.256/x", "256.256.256.256", "x", "", "", None, None),
    ("1.2.3.4.5.6:99999999999/x", "1.2.3.4.5.6:99999999999", "x", "", "", None, None),
    ("host:0/x", "host:0", "x", "", "", None, None),
    ("a--b.example/x", "a--b.example", "x", "", "", None, None),
    # The first component looks like a host but is not a valid one: the whole name is a path.
    ("a_b.c/d", "", "a_b.c/d", "", "", "a_b.c/d:latest", "a_b.c/d"),
    ("host_x.com/a", "", "host_x.com/a", "", "", "host_x.com/a:latest", "host_x.com/a"),
    ("a.b", "docker.io", "library/a.b", "", "", None, "a.b"),
    ("a_b", "docker.io", "library/a_b", "", "", None, "a_b"),
    ("a__b", "docker.io", "library/a__b", "", "", None, "a__b"),
    ("a-b", "docker.io", "library/a-b", "", "", None, "a-b"),
    ("a---b", "docker.io", "library/a---b", "", "", None, "a---b"),
    ("a/b/c/d", "docker.io", "a/b/c/d", "", "", None, "a/b/c/d"),
    ("0/1", "docker.io", "0/1", "", "", None, "0/1"),
    ("x:_", "docker.io", "library/x", "_", "", None, "x:_"),
    ("x:A-Z_.x", "docker.io", "library/x", "A-Z_.x", "", None, "x:A-Z_.x"),
    ("x:" + "T" * 128, "docker.io", "library/x", "T" * 128, "", None, None),
    # 64 hex is refused only alone and lowercase.
    (f"{H64}:tag", "docker.io", f"library/{H64}", "tag", "", None, None),
    (H64[:63], "docker.io", f"library/{H64[:63]}", "", "", None, None),
    (H64 + "0", "docker.io", f"library/{H64}0", "", "", None, None),
    (f"user/{H64}", "docker.io", f"user/{H64}", "", "", None, None),
    # Length: only the path counts, after normalization; 255 is fine.
    ("a" * 247, "docker.io", "library/" + "a" * 247, "", "", None, "a" * 247),
    ("library/" + "a" * 247, "docker.io", "library/" + "a" * 247, "", "", None, "a" * 247),
    ("user/" + "a" * 250, "docker.io", "user/" + "a" * 250, "", "", None, None),
    ("r.io/" + "a" * 255, "r.io", "a" * 255, "", "", None, None),
    ("r" * 300 + ".io/app", "r" * 300 + ".io", "app", "", "", None, None),
    ("a" * 247 + ":" + "t" * 128, "docker.io", "library/" + "a" * 247, "t" * 128, "", None, None),
]


@pytest.mark.parametrize(("text", "registry", "path", "tag", "digest", "canonical", "familiar"), VALID)
def test_valid_references(
    text: str,
    registry: str,
    path: str,
    tag: str,
    digest: str,
    canonical: str | None,
    familiar: str | None,
) -> None:
    ref = parse_reference(text)
    assert (ref.registry, ref.path, ref.tag, ref.digest) == (registry, path, tag, digest)
    name = f"{registry}/{path}" if registry else path
    suffix = (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    expected_canonical = name + (suffix or ":latest")
    assert ref.canonical == (canonical or expected_canonical)
    if familiar is not None:
        assert ref.familiar == familiar
    assert is_valid_reference(text)
    assert try_parse_reference(text) == ref


# input, kind, Docker's exact message (None: the generic one of the kind)
INVALID = [
    (H64, K.IDENTIFIER_64HEX, f"invalid repository name ({H64}), cannot specify 64-byte hexadecimal strings"),
    ("", K.INVALID_FORMAT, "invalid reference format"),
    ("nginx\n", K.INVALID_FORMAT, None),
    ("nginx\r\n", K.INVALID_FORMAT, None),
    (" nginx", K.INVALID_FORMAT, None),
    ("nginx ", K.INVALID_FORMAT, None),
    ("\tnginx", K.INVALID_FORMAT, None),
    ("ngi nx", K.INVALID_FORMAT, None),
    ("nginx latest", K.INVALID_FORMAT, None),
    ("nginx:1.0 ", K.INVALID_FORMAT, None),
    ("MyApp:v1", K.UPPERCASE, "invalid reference format: repository name (library/MyApp) must be lowercase"),
    ("user/MyApp", K.UPPERCASE, "invalid reference format: repository name (user/MyApp) must be lowercase"),
    (
        "docker.io/MyApp",
        K.UPPERCASE,
        "invalid reference format: repository name (library/MyApp) must be lowercase",
    ),
    ("Foo/Bar", K.UPPERCASE, "invalid reference format: repository name (Bar) must be lowercase"),
    ("r.io/App:V1", K.UPPERCASE, "invalid reference format: repository name (App) must be lowercase"),
    (
        "H" * 64,
        K.UPPERCASE,
        f"invalid reference format: repository name (library/{'H' * 64}) must be lowercase",
    ),
    (H64.upper(), K.UPPERCASE, None),
    ("ÄBC", K.UPPERCASE, None),
    ("foo/\u212a", K.UPPERCASE, _lowercase("foo/\u212a")),
    # The remote is cut at its first ":", so an uppercase digest algorithm without a tag is "the name".
    (
        f"foo@SHA256:{H64}",
        K.UPPERCASE,
        _lowercase("library/foo@SHA256"),
    ),
    # Lowercasing (Kelvin sign, dotted capital I) would make it valid: Parse's own uppercase error.
    ("\u212a.com/foo", K.UPPERCASE, "repository name must be lowercase"),
    ("foo:\u0130", K.UPPERCASE, "repository name must be lowercase"),
    ("foo:v\u212a", K.UPPERCASE, "repository name must be lowercase"),
    ("café", K.INVALID_FORMAT, "invalid reference format"),
    ("nginx:é", K.INVALID_FORMAT, None),
    ("ñ.com/app", K.INVALID_FORMAT, None),
    (f"foo:v@SHA256:{H64}", K.DIGEST_INVALID_FORMAT, "invalid checksum digest format"),
    (f"foo@sha256:{H64.upper()}", K.DIGEST_INVALID_FORMAT, "invalid checksum digest format"),
    (f"foo@sha256:{H64[:63]}", K.DIGEST_INVALID_LENGTH, "invalid checksum digest length"),
    (f"foo@sha256:{H64}0", K.DIGEST_INVALID_LENGTH, "invalid checksum digest length"),
    (f"foo@sha512:{H64}", K.DIGEST_INVALID_LENGTH, None),
    (f"foo@sha384:{H64}", K.DIGEST_INVALID_LENGTH, None),
    (f"foo@sha384:{H128}", K.DIGEST_INVALID_LENGTH, None),
    (f"foo@sha256:{H64.upper()}0", K.DIGEST_INVALID_LENGTH, None),
    ("foo@md5:" + "a" * 32, K.DIGEST_UNSUPPORTED, "unsupported digest algorithm"),
    ("foo@sha1:" + "a" * 40, K.DIGEST_UNSUPPORTED, None),
    (f"foo@sha256+b64:{H64}", K.DIGEST_UNSUPPORTED, None),
    (f"foo:v@Sha256:{H64}", K.DIGEST_INVALID_FORMAT, None),
    ("foo@sha256:" + "a" * 31, K.INVALID_FORMAT, None),
    ("foo@sha256:" + "g" * 64, K.INVALID_FORMAT, None),
    (f"foo@256:{H64}", K.INVALID_FORMAT, None),
    (f"foo@{H64}", K.INVALID_FORMAT, None),
    ("foo@", K.INVALID_FORMAT, None),
    (f"foo@sha256:{H64}@sha256:{H64}", K.INVALID_FORMAT, None),
    ("a" * 248, K.NAME_TOO_LONG, "repository name must not be more than 255 characters"),
    ("library/" + "a" * 248, K.NAME_TOO_LONG, None),
    ("docker.io/" + "a" * 248, K.NAME_TOO_LONG, None),
    ("user/" + "a" * 251, K.NAME_TOO_LONG, None),
    ("r.io/" + "a" * 256, K.NAME_TOO_LONG, None),
    # The length check comes before digest validation.
    ("a" * 248 + "@md5:" + "a" * 32, K.NAME_TOO_LONG, None),
    ("a" * 248 + f"@sha256:{H64[:40]}", K.NAME_TOO_LONG, None),
    ("x:" + "t" * 129, K.INVALID_FORMAT, None),
    ("x:.t", K.INVALID_FORMAT, None),
    ("x:-t", K.INVALID_FORMAT, None),
    ("nginx:", K.INVALID_FORMAT, None),
    ("nginx:a:b", K.INVALID_FORMAT, None),
    ("localhost:5000:v1", K.INVALID_FORMAT, None),
    ("a..b", K.INVALID_FORMAT, None),
    ("a___b", K.INVALID_FORMAT, None),
    ("a-_b", K.INVALID_FORMAT, None),
    ("a._b", K.INVALID_FORMAT, None),
    ("a_.b", K.INVALID_FORMAT, None),
    ("a.-b", K.INVALID_FORMAT, None),
    ("_a", K.INVALID_FORMAT, None),
    ("a_", K.INVALID_FORMAT, None),
    ("-a", K.INVALID_FORMAT, None),
    ("a-", K.INVALID_FORMAT, None),
    ("a/.b", K.INVALID_FORMAT, None),
    ("a//b", K.INVALID_FORMAT, None),
    ("/a", K.INVALID_FORMAT, None),
    ("a/", K.INVALID_FORMAT, None),
    ("a+b", K.INVALID_FORMAT, None),
    ("::1/foo", K.INVALID_FORMAT, None),
    ("[::1%eth0]/x", K.INVALID_FORMAT, None),
    ("[::ffff:1.2.3.4]/x", K.INVALID_FORMAT, None),
    ("[]/x", K.INVALID_FORMAT, None),
    ("[::1]:/x", K.INVALID_FORMAT, None),
    ("host_x.com:80/a", K.INVALID_FORMAT, None),
    ("-host.com/a", K.INVALID_FORMAT, None),
    ("host-.com/a", K.INVALID_FORMAT, None),
    ("host..com/a", K.INVALID_FORMAT, None),
    ("host.com./a", K.INVALID_FORMAT, None),
    ("host:port/a", K.INVALID_FORMAT, None),
    ("https://nginx", K.INVALID_FORMAT, None),
    ("localhost/", K.INVALID_FORMAT, None),
    (":tag", K.INVALID_FORMAT, None),
    ("@sha256:" + H64, K.INVALID_FORMAT, None),
]

GENERIC = {
    K.INVALID_FORMAT: "invalid reference format",
    K.UPPERCASE: None,
    K.NAME_TOO_LONG: "repository name must not be more than 255 characters",
    K.DIGEST_INVALID_FORMAT: "invalid checksum digest format",
    K.DIGEST_INVALID_LENGTH: "invalid checksum digest length",
    K.DIGEST_UNSUPPORTED: "unsupported digest algorithm",
}


@pytest.mark.parametrize(("text", "kind", "docker_message"), INVALID)
def test_invalid_references(text: str, kind: ReferenceErrorKind, docker_message: str | None) -> None:
    with pytest.raises(InvalidReferenceError) as caught:
        parse_reference(text)
    error = caught.value
    assert error.kind is kind
    assert error.text == text
    expected = docker_message or GENERIC.get(kind)
    if expected is not None:
        assert error.docker_message == expected
    elif kind is K.UPPERCASE:
        assert error.docker_message.endswith("must be lowercase")
    assert isinstance(error, ValueError)
    assert error.message("fr") and error.message("en") and error.message("fr") != error.message("en")
    assert not is_valid_reference(text)
    assert try_parse_reference(text) is None


def test_properties_of_parts() -> None:
    ref = parse_reference("registry.example.com:5000/team/sub/app:1.0")
    assert ref.namespace == "team/sub"
    assert ref.repository == "app"
    assert ref.name == "registry.example.com:5000/team/sub/app"
    assert not ref.is_official and not ref.uses_default_tag
    official = parse_reference("nginx")
    assert official.is_official and official.uses_default_tag
    assert official.namespace == "library" and official.repository == "nginx"
    assert parse_reference("user/app").namespace == "user"
    assert not parse_reference("library/a/b").is_official
    assert not parse_reference("example.com/library/nginx").is_official
    assert parse_reference("a_b.c/d").name == "a_b.c/d"
    assert parse_reference(f"nginx@sha256:{H64}").uses_default_tag is False


def test_image_reference_is_a_frozen_value() -> None:
    ref = parse_reference("nginx")
    assert ref == ImageReference("docker.io", "library/nginx")
    assert hash(ref) == hash(ImageReference("docker.io", "library/nginx"))
    with pytest.raises(AttributeError):
        ref.tag = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("nginx", "nginx:latest", True),
        ("nginx", "docker.io/library/nginx:latest", True),
        ("nginx", "index.docker.io/library/nginx", True),
        ("library/nginx:latest", "docker.io/nginx", True),
        ("nginx", "nginx:1.27", False),
        ("nginx", "user/nginx", False),
        ("localhost/app", "localhost:5000/app", False),
        ("Foo/bar", "foo/bar", False),
        (f"nginx@sha256:{H64}", f"docker.io/library/nginx@sha256:{H64}", True),
        (f"nginx@sha256:{H64}", "nginx", False),
        (f"nginx:latest@sha256:{H64}", f"nginx@sha256:{H64}", False),
        ("nginx", "NGINX", False),
        ("nginx ", "nginx", False),
        ("", "", False),
    ],
)
def test_same_image(a: str, b: str, same: bool) -> None:
    assert same_image(a, b) is same
    assert same_image(b, a) is same


@pytest.mark.parametrize(
    ("text", "registry", "library", "tag"),
    [
        ("nginx", True, True, True),
        ("nginx:1.0", True, True, False),
        ("library/nginx", True, False, True),
        ("docker.io/nginx", False, True, True),
        ("index.docker.io/nginx", False, True, True),
        ("docker.io/library/nginx", False, False, True),
        ("user/app", True, False, True),
        ("localhost/app", False, False, True),
        ("example.com/app@sha256:" + H64, False, False, False),
        ("a_b.c/d", False, False, True),
    ],
)
def test_implied_parts(text: str, registry: bool, library: bool, tag: bool) -> None:
    parts = implied_parts(text)
    assert (parts.registry, parts.library, parts.tag) == (registry, library, tag)
