/**
 * Encryption at rest: AES-GCM for personal text columns (message bodies, contact name, e-mail and
 * phone) under a ring of named keys, and keyed HMAC blind indexes for exact look-ups. The store
 * encrypts on write and decrypts on read, so the engine above it sees plaintext.
 */
@NullMarked
package at.ozeanlicht.support.core.crypto;

import org.jspecify.annotations.NullMarked;
