"""This laptop's Ed25519 signing key for each inspector, kept in the OS keyring only.

The private half never sits in a file on a laptop that is carried into schools.
Store does not import this module: the callers that sign (the form editor, tests)
hand ``private_key`` to store.forms.sign_form, which records the public half.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_desktop import credentials
from inspector_desktop.signing import seal

ACCOUNT = "device-signing-key:{inspector_id}"


def private_key(inspector_id: str) -> Ed25519PrivateKey:
    """The inspector's key on this laptop, made on first use.

    Raises credentials.CredentialsError when no keyring can keep it: signing then
    stops rather than leaving the secret anywhere else.
    """
    account = ACCOUNT.format(inspector_id=inspector_id)
    stored = credentials.read_secret(account)
    if stored is not None:
        return seal.private_from_text(stored)
    private = Ed25519PrivateKey.generate()
    credentials.write_secret(account, seal.private_to_text(private))
    return private
