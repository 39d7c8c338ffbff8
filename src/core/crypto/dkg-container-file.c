/* dkg-container-file.c — containers on files: encrypting an image file, reading a header,
 * decrypting to an image, a PNG or the source file (docs/SPECIFICATION.md §5.7, §10)
 *
 * Every writer goes through dkg_file_set_contents() (atomic: nothing written on failure) and
 * refuses to write over its own input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-container.h"
#include "dkg-error.h"
#include "dkg-file.h"

/* The bytes of @path, and in @name its name as messages spell it. */
static GBytes *
read_named (const char  *path,
            char       **name,
            GError     **error)
{
  GBytes *bytes = dkg_file_get_bytes (path, error);

  if (bytes != NULL)
    *name = g_filename_display_name (path);
  return bytes;
}

/**
 * dkg_container_encrypt_to_file:
 * @plain: the plaintext image
 * @key: the key image
 * @options: scheme and cat map rounds
 * @path: the container file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * dkg_container_encrypt(), written atomically with dkg_file_set_contents() (an unnamed file in
 * the same directory, fsync'ed, linked and renamed). On any failure, a kill included, no file
 * is created and an existing @path is left as it was (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE on success; %FALSE with an error of dkg_container_encrypt() or a
 *   %G_FILE_ERROR
 */
gboolean
dkg_container_encrypt_to_file (const DkgImage             *plain,
                               const DkgImage             *key,
                               const DkgContainerOptions  *options,
                               const char                 *path,
                               GError                    **error)
{
  return dkg_container_encrypt_to_file_with_original (plain, NULL, key, options, path, error);
}

/**
 * dkg_container_encrypt_to_file_with_original:
 * @plain: the plaintext image
 * @original: (nullable): the source file's bytes to carry sealed, or %NULL
 * @key: the key image
 * @options: scheme and cat map rounds
 * @path: the container file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * dkg_container_encrypt_with_original(), written atomically as dkg_container_encrypt_to_file()
 * does.
 *
 * Returns: %TRUE on success; %FALSE with an error of dkg_container_encrypt_with_original() or
 *   a %G_FILE_ERROR
 */
gboolean
dkg_container_encrypt_to_file_with_original (const DkgImage             *plain,
                                             GBytes                     *original,
                                             const DkgImage             *key,
                                             const DkgContainerOptions  *options,
                                             const char                 *path,
                                             GError                    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = dkg_container_encrypt_with_original (plain, original, key, options, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return dkg_file_set_contents (path, data, len, 0666, error);
}

/**
 * dkg_container_read_original_for:
 * @path: the file @plain was loaded from
 * @plain: the image dkg_image_load() read from @path
 * @error: return location for a #GError
 *
 * The bytes a container should carry for @plain's source file (docs/SPECIFICATION.md §5.7 "Whole
 * file"): all of @path when @plain's source format is "dicom", "nifti" (one-file .nii or .nii.gz; a
 * .hdr/.img pair is two files and is not carried) or "tiff", else nothing.
 *
 * Returns: (transfer full) (nullable): the file's bytes; %NULL with @error unset for a source
 *   format whose file is not carried (PNG, JPEG), or %NULL with a %G_FILE_ERROR
 */
GBytes *
dkg_container_read_original_for (const char      *path,
                                 const DkgImage  *plain,
                                 GError         **error)
{
  static const char *const carried[] = { "dicom", "nifti", "tiff", NULL };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (plain != NULL, NULL);

  if (plain->source_format == NULL || !g_strv_contains (carried, plain->source_format))
    return NULL;
  if (g_strcmp0 (plain->source_format, "nifti") == 0)
    {
      /* a .hdr/.img pair is two files: the image data is not in @path, so nothing is carried
       * rather than half of it */
      g_autofree char *lower = g_ascii_strdown (path, -1);

      if (g_str_has_suffix (lower, ".hdr") || g_str_has_suffix (lower, ".hdr.gz")
          || g_str_has_suffix (lower, ".img") || g_str_has_suffix (lower, ".img.gz"))
        return NULL;
    }
  return dkg_file_get_bytes (path, error);
}

/**
 * dkg_container_encrypt_file:
 * @path: an image file in any format dkg_image_load() reads (only read)
 * @load_options: (nullable): frame or slice to read, as for dkg_image_load()
 * @key: the key image
 * @options: scheme and cat map rounds
 * @out_path: the container file to write (replaced if it exists; must not be @path)
 * @error: return location for a #GError
 *
 * Loads @path and writes its encryption to @out_path with
 * dkg_container_encrypt_to_file_with_original(): atomically, nothing written on failure, and
 * never over the input (docs/SPECIFICATION.md §10). DICOM, NIfTI and TIFF files are carried whole,
 * sealed (dkg_container_read_original_for()); no DICOM attribute is in the clear in the container.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_image_load() or of dkg_container_encrypt_to_file()
 */
gboolean
dkg_container_encrypt_file (const char                 *path,
                            const DkgImageLoadOptions  *load_options,
                            const DkgImage             *key,
                            const DkgContainerOptions  *options,
                            const char                 *out_path,
                            GError                    **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!dkg_file_check_not_input (path, out_path, "the encrypted image", error))
    return FALSE;
  plain = dkg_image_load (path, load_options, error);
  if (plain == NULL)
    return FALSE;
  original = dkg_container_read_original_for (path, plain, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return dkg_container_encrypt_to_file_with_original (plain, original, key, options, out_path,
                                                      error);
}

/**
 * dkg_container_read_info_file:
 * @path: a container file
 * @error: return location for a #GError
 *
 * dkg_container_read_info() on a file.
 *
 * Returns: (transfer full) (nullable): the header, or %NULL with a %G_FILE_ERROR or an error
 *   of dkg_container_read_info()
 */
DkgContainerInfo *
dkg_container_read_info_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = read_named (path, &name, error);
  if (bytes == NULL)
    return NULL;
  return dkg_container_read_info (bytes, name, error);
}

/**
 * dkg_container_decrypt_file:
 * @path: a container file (only read)
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * dkg_container_decrypt() on a file; messages name @path.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with a %G_FILE_ERROR or an
 *   error of dkg_container_decrypt()
 */
DkgImage *
dkg_container_decrypt_file (const char         *path,
                            const DkgImage     *key,
                            DkgContainerInfo  **info_out,
                            GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = read_named (path, &name, error);
  if (bytes == NULL)
    return NULL;
  return dkg_container_decrypt (bytes, name, key, info_out, error);
}

/**
 * dkg_container_decrypt_to_png_file:
 * @path: a container file (only read)
 * @key: the key image
 * @out_path: the PNG to write (replaced if it exists; must not be @path)
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Decrypts @path (authenticating it first) and writes the plaintext as a PNG
 * (dkg_image_encode_png(); a signed image keeps its bit patterns and is marked signed),
 * atomically. If anything fails — a wrong key, a modified file, no space — no output file is
 * created and an existing @out_path is left as it was (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_container_decrypt() or of the PNG encoder, or a %G_FILE_ERROR
 */
gboolean
dkg_container_decrypt_to_png_file (const char         *path,
                                   const DkgImage     *key,
                                   const char         *out_path,
                                   DkgContainerInfo  **info_out,
                                   GError            **error)
{
  g_autoptr(DkgImage) plain = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!dkg_file_check_not_input (path, out_path, "the decrypted image", error))
    return FALSE;
  plain = dkg_container_decrypt_file (path, key, info_out, error);
  return plain != NULL && dkg_image_write_png (plain, NULL, NULL, out_path, 0666, error);
}

/**
 * dkg_container_decrypt_original_to_file:
 * @path: a container file (only read)
 * @key: the key image
 * @out_path: the file to write the source file to (replaced if it exists; must not be @path)
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * dkg_container_decrypt_original() on a file, the source file written back byte for byte,
 * atomically (dkg_file_set_contents()): on any failure no output is created and an existing
 * @out_path is left as it was (docs/SPECIFICATION.md §5.7, §10).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_container_decrypt_original() or a %G_FILE_ERROR
 */
gboolean
dkg_container_decrypt_original_to_file (const char         *path,
                                        const DkgImage     *key,
                                        const char         *out_path,
                                        DkgContainerInfo  **info_out,
                                        GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!dkg_file_check_not_input (path, out_path, "the decrypted file", error))
    return FALSE;
  bytes = read_named (path, &name, error);
  if (bytes == NULL)
    return FALSE;
  original = dkg_container_decrypt_original (bytes, name, key, info_out, error);
  if (original == NULL)
    return FALSE;
  data = g_bytes_get_data (original, &len);
  return dkg_file_set_contents (out_path, data, len, 0666, error);
}
