/* dkg-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DKG_ERROR:
 *
 * Error domain of libdeepkeygen. Every failure a user can cause (a bad file, a wrong key, an
 * impossible size, a diverged training) is reported in this domain or in %G_IO_ERROR, with a
 * message that names the file and the cause.
 */
#define DKG_ERROR (dkg_error_quark ())

/**
 * DkgError:
 * @DKG_ERROR_FAILED: a failure with no more specific code
 * @DKG_ERROR_INVALID_FILE: a malformed, truncated or inconsistent file
 * @DKG_ERROR_UNSUPPORTED: a well-formed file or feature this build does not handle
 * @DKG_ERROR_TOO_LARGE: dimensions or a memory estimate over the limits
 *   (docs/SPECIFICATION.md §5.8)
 * @DKG_ERROR_SHAPE: tensor or image shapes that do not fit together
 * @DKG_ERROR_KEY_TOO_SHORT: a key with fewer bytes than the plaintext needs
 *   (docs/SPECIFICATION.md §5.2)
 * @DKG_ERROR_AUTH: authentication failed: wrong key or modified ciphertext
 * @DKG_ERROR_BAD_VERSION: a file of an unknown format version
 * @DKG_ERROR_DIVERGED: training produced NaN or Inf
 * @DKG_ERROR_INVALID_ARGUMENT: a parameter outside its documented range
 * @DKG_ERROR_NOT_APPLICABLE: a statistical test whose preconditions do not hold
 */
typedef enum
{
  DKG_ERROR_FAILED,
  DKG_ERROR_INVALID_FILE,
  DKG_ERROR_UNSUPPORTED,
  DKG_ERROR_TOO_LARGE,
  DKG_ERROR_SHAPE,
  DKG_ERROR_KEY_TOO_SHORT,
  DKG_ERROR_AUTH,
  DKG_ERROR_BAD_VERSION,
  DKG_ERROR_DIVERGED,
  DKG_ERROR_INVALID_ARGUMENT,
  DKG_ERROR_NOT_APPLICABLE,
} DkgError;

GQuark dkg_error_quark (void);

G_END_DECLS
