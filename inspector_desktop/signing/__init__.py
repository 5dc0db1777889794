"""Signed feedback forms: what a form says, its canonical JSON and digest, the Ed25519 device key.

Used by store (sealing a form), reports (printing the seal) and server (checking
it), so none of those needs another. Nothing here opens the database; only
``device_key`` reaches the OS keyring, and store never imports it: whoever asks
store to sign passes the key in.
"""
