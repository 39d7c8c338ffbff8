/* reliability-util.h — the bad-input table and file checks shared by tests/reliability/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RelKind:
 * @REL_KIND_IMAGE: an image: dkg_image_load(); its output: an encryption
 * @REL_KIND_CONTAINER: a container: dkg_container_decrypt_file() with crypto_test_fixture_key();
 *   its output: the decrypted PNG
 * @REL_KIND_SAFETENSORS: a safetensors file: dkg_safetensors_load(), dkg_model_load(),
 *   checkpoints; its output: a key (keygen) or a trained model (train --resume)
 */
typedef enum
{
  REL_KIND_IMAGE,
  REL_KIND_CONTAINER,
  REL_KIND_SAFETENSORS,
} RelKind;

/**
 * RelBadFile:
 * @file: name in tests/data/bad/
 * @kind: the loader a user would give it to
 * @code: the #DkgError code that loader gives; -1 when the file is valid for it
 */
typedef struct
{
  const char *file;
  RelKind     kind;
  int         code;
} RelBadFile;

extern const RelBadFile rel_bad_files[];
extern const gsize rel_n_bad_files;

/** RelSnapshot: a file's bytes and modification time, to show it was not touched. */
typedef struct
{
  GBytes *bytes;
  gint64  mtime_ns;
} RelSnapshot;

char    *rel_bad_path               (const char        *file);
void     rel_snapshot_take          (RelSnapshot       *s,
                                     const char        *path);
void     rel_snapshot_assert_same   (const RelSnapshot *s,
                                     const char        *path);
void     rel_snapshot_clear         (RelSnapshot       *s);
void     rel_assert_dir_holds       (const char        *dir,
                                     guint              n,
                                     const char *const *names);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelSnapshot, rel_snapshot_clear)

G_END_DECLS
