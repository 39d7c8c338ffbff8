/* fuzz-common.h — shared set-up of the fuzz harnesses in tests/fuzz/ (docs/SPECIFICATION.md §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each harness defines the two libFuzzer entry points. scripts/fuzz.sh links them with
 * libFuzzer (clang -fsanitize=fuzzer,address,undefined); the meson build links them with
 * fuzz-replay.c, a main() that runs every file of the seed corpora and of tests/data/bad/ once,
 * so that the corpora are regression tests in every build, sanitized or not.
 */
#pragma once

#include <stddef.h>

#include <glib.h>

G_BEGIN_DECLS

int          LLVMFuzzerInitialize   (int           *argc,
                                     char        ***argv);
int          LLVMFuzzerTestOneInput (const guint8  *data,
                                     size_t         size);

void         fuzz_init              (void);
const char  *fuzz_write_scratch     (const guint8  *data,
                                     gsize          size,
                                     const char    *suffix);
void         fuzz_check_error       (const GError  *error);

G_END_DECLS
