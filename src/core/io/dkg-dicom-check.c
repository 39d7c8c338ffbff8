/* dkg-dicom-check.c — a structural walk over a DICOM file before GDCM sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian's GDCM is built with assertions on, and some damaged files (a truncated meta header,
 * for one) end in assert() → abort() inside gdcm::Reader, which no C++ handler can catch. So
 * every element of the file is walked here first, as PS3.5 §7 encodes it — tags, VRs, lengths,
 * sequences and items of undefined length, encapsulated fragments, the deflated transfer syntax
 * — and a file whose elements do not fit exactly is rejected with a GError. Values are not
 * interpreted; that is GDCM's job.
 */
#include <math.h>
#include <string.h>
#include <zlib.h>

#include <gio/gio.h>

#include "dkg-bytes.h"
#include "dkg-dicom.h"
#include "dkg-error.h"
#include "dkg-image-private.h"

#define UNDEFINED_LENGTH 0xffffffffu
#define MAX_DEPTH        32

typedef struct
{
  const guint8 *p;
  gsize         len;
  gsize         pos;
  gboolean      big_endian;
  gboolean      implicit;
  int           depth;
  const char   *name;
  GError      **error;
  /* top-level image attributes, 0 when absent: the size the pixel data decodes to */
  guint64       rows, columns, frames, samples, bits;
  gboolean      has_pixel_data;   /* a top-level (7FE0,0010) */
  /* top-level Rescale Intercept (0028,1052) and Slope (0028,1053), NaN when absent */
  double        intercept, slope;
  char          rescale_type[17], modality[17];
} Walk;

static guint16
u16_at (const Walk *w, gsize at)
{
  return w->big_endian ? dkg_bytes_get_be16 (w->p + at) : dkg_bytes_get_le16 (w->p + at);
}

static guint32
u32_at (const Walk *w, gsize at)
{
  return w->big_endian ? dkg_bytes_get_be32 (w->p + at) : dkg_bytes_get_le32 (w->p + at);
}

static gboolean
fail (Walk *w, const char *what, guint16 group, guint16 element)
{
  g_set_error (w->error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
               "“%s” is not a valid DICOM file: %s at byte %" G_GSIZE_FORMAT
               " (element (%04X,%04X))", w->name, what, w->pos, group, element);
  return FALSE;
}

/* VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 Table 7.1-1). */
static gboolean
vr_has_long_length (const guint8 *vr)
{
  static const char *const long_vrs[] = { "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV",
                                          "UC", "UN", "UR", "UT", "UV" };

  for (gsize i = 0; i < G_N_ELEMENTS (long_vrs); i++)
    if (vr[0] == long_vrs[i][0] && vr[1] == long_vrs[i][1])
      return TRUE;
  return FALSE;
}

/* The VRs of PS3.5 Table 6.2-1; GDCM asserts on others in the meta header. */
static gboolean
vr_is_valid (const guint8 *vr)
{
  static const char *const vrs[] = { "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS",
                                     "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH",
                                     "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
                                     "UR", "US", "UT", "UV" };

  for (gsize i = 0; i < G_N_ELEMENTS (vrs); i++)
    if (vr[0] == vrs[i][0] && vr[1] == vrs[i][1])
      return TRUE;
  return FALSE;
}

/* Keeps the value of a top-level Image Pixel attribute (US), or Number of Frames (IS). */
/* A short string value (CS, LO ≤ 16 bytes) without its padding. */
static void
copy_string (Walk *w, char *dest, guint32 length)
{
  memcpy (dest, w->p + w->pos, length);
  dest[length] = '\0';
  g_strstrip (dest);
}

static void
record_image_attribute (Walk *w, guint16 element, guint32 length)
{
  guint64 *slot = element == 0x0002 ? &w->samples : element == 0x0010 ? &w->rows
                  : element == 0x0011 ? &w->columns : element == 0x0100 ? &w->bits : NULL;

  if (slot != NULL && length == 2)
    *slot = u16_at (w, w->pos);
  else if (element == 0x0008 && length > 0 && length <= 12)
    {
      char text[13];

      memcpy (text, w->p + w->pos, length);
      text[length] = '\0';
      w->frames = g_ascii_strtoull (text, NULL, 10);
    }
  else if ((element == 0x1052 || element == 0x1053) && length > 0 && length <= 16)
    {
      char text[17], *end = NULL;
      double v;

      memcpy (text, w->p + w->pos, length);
      text[length] = '\0';
      g_strstrip (text);
      v = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0' && isfinite (v))
        *(element == 0x1052 ? &w->intercept : &w->slope) = v;
    }
  else if (element == 0x1054 && length <= 16)
    copy_string (w, w->rescale_type, length);
}

static gboolean walk_elements (Walk *w, gsize end, gboolean until_item_delimiter);

/* Items of a sequence: until the Sequence Delimitation Item (undefined length) or @end. */
static gboolean
walk_items (Walk *w, gsize end, gboolean undefined)
{
  gboolean ok = TRUE;

  if (++w->depth > MAX_DEPTH)
    return fail (w, "sequences nested too deeply", 0, 0);
  while (ok)
    {
      guint16 group, element;
      guint32 length;

      if (!undefined && w->pos == end)
        break;
      if (end - w->pos < 8)
        return fail (w, "truncated in a sequence", 0, 0);
      group = u16_at (w, w->pos);
      element = u16_at (w, w->pos + 2);
      length = u32_at (w, w->pos + 4);
      if (group != 0xfffe)
        return fail (w, "an element where a sequence item belongs", group, element);
      w->pos += 8;
      if (element == 0xe0dd && undefined)
        break;
      if (element != 0xe000)
        return fail (w, "unexpected delimiter in a sequence", group, element);
      if (length == UNDEFINED_LENGTH)
        ok = walk_elements (w, end, TRUE);
      else if (length > end - w->pos)
        return fail (w, "truncated in a sequence item", group, element);
      else
        ok = walk_elements (w, w->pos + length, FALSE);
    }
  w->depth--;
  return ok;
}

/* Encapsulated pixel data: items of defined length until the Sequence Delimitation Item. */
static gboolean
walk_fragments (Walk *w, gsize end)
{
  for (;;)
    {
      guint16 group, element;
      guint32 length;

      if (end - w->pos < 8)
        return fail (w, "truncated in the encapsulated pixel data", 0x7fe0, 0x0010);
      group = u16_at (w, w->pos);
      element = u16_at (w, w->pos + 2);
      length = u32_at (w, w->pos + 4);
      if (group != 0xfffe || (element != 0xe000 && element != 0xe0dd))
        return fail (w, "a bad fragment in the encapsulated pixel data", group, element);
      w->pos += 8;
      if (element == 0xe0dd)
        return TRUE;
      if (length == UNDEFINED_LENGTH || length > end - w->pos)
        return fail (w, "truncated in the encapsulated pixel data", 0x7fe0, 0x0010);
      w->pos += length;
    }
}

static gboolean
walk_elements (Walk *w, gsize end, gboolean until_item_delimiter)
{
  while (until_item_delimiter || w->pos < end)
    {
      guint16 group, element;
      guint32 length;
      const guint8 *vr = NULL;

      if (end - w->pos < 8)
        return fail (w, "truncated", 0, 0);
      group = u16_at (w, w->pos);
      element = u16_at (w, w->pos + 2);
      if (group == 0xfffe)
        {
          if (element == 0xe00d && until_item_delimiter)
            {
              w->pos += 8;
              return TRUE;
            }
          return fail (w, "a misplaced item or delimiter", group, element);
        }
      if (w->implicit)
        {
          length = u32_at (w, w->pos + 4);
          w->pos += 8;
        }
      else
        {
          vr = w->p + w->pos + 4;
          if (!vr_is_valid (vr))
            return fail (w, "a bad value representation", group, element);
          if (vr_has_long_length (vr))
            {
              if (end - w->pos < 12)
                return fail (w, "truncated", group, element);
              length = u32_at (w, w->pos + 8);
              w->pos += 12;
            }
          else
            {
              length = u16_at (w, w->pos + 6);
              w->pos += 8;
            }
        }

      if (length == UNDEFINED_LENGTH)
        {
          gboolean ok, saved_implicit = w->implicit, saved_big = w->big_endian;

          if (group == 0x7fe0 && element == 0x0010)
            {
              w->has_pixel_data |= w->depth == 0;
              if (!walk_fragments (w, end))
                return FALSE;
              continue;
            }
          if (vr != NULL && !(vr[0] == 'S' && vr[1] == 'Q') && !(vr[0] == 'U' && vr[1] == 'N'))
            return fail (w, "an undefined length on a value that is not a sequence", group,
                         element);
          /* UN of undefined length holds implicit VR little endian data (PS3.5 §6.2.2) */
          if (vr != NULL && vr[0] == 'U')
            {
              w->implicit = TRUE;
              w->big_endian = FALSE;
            }
          ok = walk_items (w, end, TRUE);
          w->implicit = saved_implicit;
          w->big_endian = saved_big;
          if (!ok)
            return FALSE;
          continue;
        }
      if (length > end - w->pos)
        return fail (w, "truncated", group, element);
      if (w->depth == 0 && group == 0x0028)
        record_image_attribute (w, element, length);
      if (w->depth == 0 && group == 0x7fe0 && element == 0x0010)
        w->has_pixel_data = TRUE;
      if (w->depth == 0 && group == 0x0008 && element == 0x0060 && length <= 16)
        copy_string (w, w->modality, length);
      /* GDCM asserts SamplesPerPixel ∈ {1, 3, 4} (gdcmPixelFormat.h), icon images included */
      if (group == 0x0028 && element == 0x0002 && length == 2)
        {
          guint16 spp = u16_at (w, w->pos);

          if (spp != 1 && spp != 3 && spp != 4)
            {
              g_set_error (w->error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                           "“%s”: %u samples per pixel is not a DICOM image layout (1, 3 or 4)",
                           w->name, spp);
              return FALSE;
            }
        }
      if (vr != NULL && vr[0] == 'S' && vr[1] == 'Q')
        {
          if (!walk_items (w, w->pos + length, FALSE))
            return FALSE;
        }
      else
        w->pos += length;
    }
  return TRUE;
}

/* Inflates the raw deflate stream of the Deflated Explicit VR Little Endian syntax. */
static GByteArray *
inflate_all (const guint8 *p, gsize len, const char *name, GError **error)
{
  z_stream z = { 0 };
  GByteArray *out = g_byte_array_new ();
  guint8 chunk[65536];
  int ret = Z_OK;
  guint64 limit = dkg_image_get_available_memory () / 2;

  if (inflateInit2 (&z, -15) != Z_OK)
    {
      g_byte_array_unref (out);
      g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "“%s”: cannot start zlib", name);
      return NULL;
    }
  z.next_in = (Bytef *) p;
  while (ret == Z_OK)
    {
      z.avail_in = (uInt) MIN (len - (gsize) (z.next_in - p), (gsize) G_MAXUINT32);
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      ret = inflate (&z, Z_NO_FLUSH);
      g_byte_array_append (out, chunk, sizeof chunk - z.avail_out);
      if (ret == Z_OK && z.avail_out == sizeof chunk && z.avail_in == 0)
        ret = Z_BUF_ERROR;          /* no progress and no more input: truncated */
      if (out->len > limit)
        ret = Z_MEM_ERROR;
    }
  inflateEnd (&z);
  if (ret != Z_STREAM_END)
    {
      g_set_error (error, DKG_ERROR,
                   ret == Z_MEM_ERROR ? DKG_ERROR_TOO_LARGE : DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid DICOM file: the deflated data set is %s", name,
                   ret == Z_MEM_ERROR ? "too large" : "truncated or corrupt");
      g_byte_array_unref (out);
      return NULL;
    }
  return out;
}

static gboolean
check_structure (const char     *path,
                 const char     *name,
                 guint64        *memory_needed,
                 DkgDicomFacts  *facts,
                 double         *rescale,
                 char          **units,
                 GError        **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GByteArray) inflated = NULL;
  g_autofree char *ts = NULL;
  gboolean has_meta, implicit_mismatch = FALSE;
  gsize meta_end = 0, ts_offset = 0, ts_length = 0;
  Walk w = { 0 };

  mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    {
      /* the caller has opened the file already; this is an I/O failure */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not read “%s”: %s", name,
                   local->message);
      return FALSE;
    }
  w.p = (const guint8 *) g_mapped_file_get_contents (mapped);
  w.len = g_mapped_file_get_length (mapped);
  w.name = name;
  w.error = error;
  w.intercept = w.slope = NAN;
  if (w.len == 0 || w.p == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is empty", name);
      return FALSE;
    }

  if (w.len >= 132 && memcmp (w.p + 128, "DICM", 4) == 0)
    w.pos = 132;
  else if (w.len >= 128 && memcmp (w.p + 128, "DICM", MIN (w.len - 128, 4)) == 0)
    return fail (&w, "truncated in the preamble", 0, 0);

  /* File Meta Information: explicit VR little endian, group 0002; when its group length
   * (0002,0000) is there, the elements must end exactly where it says */
  has_meta = w.len - w.pos >= 8 && u16_at (&w, w.pos) == 0x0002;
  /* After "DICM" the meta header is mandatory (PS3.10 §7.1). Without it GDCM reads the data set
   * its own way, not as walked here: fuzzing found a 6 kB file with (FF02,FFFF) after "DICM"
   * on which it allocated 3.6 GB (tests/data/bad/REGRESSIONS.md). */
  if (w.pos == 132 && !has_meta)
    return fail (&w, "no meta header after the DICM prefix",
                 w.len - w.pos >= 4 ? u16_at (&w, w.pos) : 0,
                 w.len - w.pos >= 4 ? u16_at (&w, w.pos + 2) : 0);
  while (w.len - w.pos >= 8 && u16_at (&w, w.pos) == 0x0002
         && (meta_end == 0 || w.pos < meta_end))
    {
      gsize value_at;
      guint32 length;
      guint16 element = u16_at (&w, w.pos + 2);

      if (!vr_is_valid (w.p + w.pos + 4))
        return fail (&w, "a bad value representation in the meta header", 2, element);
      if (vr_has_long_length (w.p + w.pos + 4))
        {
          if (w.len - w.pos < 12)
            return fail (&w, "truncated in the meta header", 2, element);
          length = u32_at (&w, w.pos + 8);
          value_at = w.pos + 12;
        }
      else
        {
          length = u16_at (&w, w.pos + 6);
          value_at = w.pos + 8;
        }
      if (length == UNDEFINED_LENGTH || length > w.len - value_at)
        return fail (&w, "truncated in the meta header", 2, element);
      if (element == 0x0000)
        {
          guint32 group_length = length == 4 ? u32_at (&w, value_at) : 0;

          if (length != 4 || meta_end != 0 || group_length > w.len - value_at - 4)
            return fail (&w, "a bad meta header group length", 2, element);
          meta_end = value_at + 4 + group_length;
        }
      if (element == 0x0010)
        {
          g_free (ts);
          ts = g_strndup ((const char *) w.p + value_at, length);
          g_strchomp (ts);
          ts_offset = value_at;
          ts_length = length;
        }
      w.pos = value_at + length;
    }
  if (meta_end != 0 && w.pos != meta_end)
    return fail (&w, "a meta header that does not match its group length", 2, 0);
  if (has_meta && ts == NULL)
    return fail (&w, "a meta header without a transfer syntax", 2, 0x0010);
  if (w.pos == w.len)
    return fail (&w, "no data set after the meta header", 0, 0);
  if (w.len - w.pos < 8)
    return fail (&w, "truncated", 0, 0);

  if (ts != NULL && strcmp (ts, "1.2.840.10008.1.2") == 0)
    w.implicit = TRUE;
  else if (ts != NULL && strcmp (ts, "1.2.840.10008.1.2.2") == 0)
    w.big_endian = TRUE;
  else if (ts != NULL && strcmp (ts, "1.2.840.10008.1.2.1.99") == 0)
    {
      inflated = inflate_all (w.p + w.pos, w.len - w.pos, name, error);
      if (inflated == NULL)
        return FALSE;
      w.p = inflated->data;
      w.len = inflated->len;
      w.pos = 0;
    }
  else if (ts == NULL)
    /* no meta header: explicit if a VR follows the first tag */
    w.implicit = !vr_is_valid (w.p + w.pos + 4);

  /* A data set in implicit VR although the transfer syntax says explicit VR little endian
   * (pydicom's SC_rgb_jpeg.dcm): no VR where the first element's VR belongs, and an implicit
   * VR length that fits. pydicom and GDCM read such files as implicit VR with a warning, and
   * so do we. */
  if (!w.implicit && !w.big_endian && !vr_is_valid (w.p + w.pos + 4)
      && u32_at (&w, w.pos + 4) <= w.len - w.pos - 8)
    {
      w.implicit = TRUE;
      implicit_mismatch = TRUE;
      g_message ("“%s”: the data set is in implicit VR although its transfer syntax (%s) says "
                 "explicit VR; read as implicit VR", name, ts != NULL ? ts : "none");
    }

  if (!walk_elements (&w, w.len, FALSE))
    return FALSE;
  /* GDCM reads 1-, 8- and 16-bit samples; on other sizes it may assert (the 32-bit RT dose files
   * of pydicom's corpus with one frame abort it), so they are refused here. */
  if (w.has_pixel_data && w.bits != 0 && w.bits != 1 && w.bits != 8 && w.bits != 16)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: unsupported: %u-bit samples (Bits Allocated %u; 1-bit grey, 8- and "
                   "16-bit samples are read)", name, (guint) w.bits, (guint) w.bits);
      return FALSE;
    }
  if (facts != NULL)
    {
      facts->has_pixel_data = w.has_pixel_data;
      facts->implicit_vr_mismatch = implicit_mismatch;
      facts->ts_offset = ts_offset;
      facts->ts_length = ts_length;
    }
  if (memory_needed != NULL)
    {
      guint64 factors[] = { w.columns, MAX (w.frames, 1), w.samples, (w.bits + 7) / 8 };
      guint64 file = (guint64) g_mapped_file_get_length (mapped)
                     + (inflated != NULL ? inflated->len : 0);
      guint64 need = w.rows;

      for (gsize i = 0; i < G_N_ELEMENTS (factors) && need != G_MAXUINT64; i++)
        if (!g_uint64_checked_mul (&need, need, factors[i]))
          need = G_MAXUINT64;
      *memory_needed = need > G_MAXUINT64 - file ? G_MAXUINT64 : need + file;
    }
  if (rescale != NULL)
    {
      rescale[0] = w.slope;
      rescale[1] = w.intercept;
    }
  if (units != NULL)
    *units = w.rescale_type[0] != '\0' ? g_strdup (w.rescale_type)
             : g_strcmp0 (w.modality, "CT") == 0 ? g_strdup ("HU") : NULL;
  return TRUE;
}

gboolean
_dkg_dicom_check_structure (const char     *path,
                            const char     *name,
                            guint64        *memory_needed,
                            DkgDicomFacts  *facts,
                            GError        **error)
{
  return check_structure (path, name, memory_needed, facts, NULL, NULL, error);
}

/**
 * dkg_dicom_read_rescale:
 * @path: a DICOM file
 * @slope: (out): Rescale Slope (0028,1053), 1 when absent
 * @intercept: (out): Rescale Intercept (0028,1052), 0 when absent
 * @units: (out) (optional) (transfer full) (nullable): the rescaled values' units: Rescale Type
 *   (0028,1054), else "HU" for a CT (Modality (0008,0060)), else %NULL
 * @error: return location for a #GError
 *
 * The modality rescale of a DICOM file's top-level data set: stored value v means
 * @slope · v + @intercept in the file's units (Hounsfield units for CT). Nothing else is
 * interpreted; the samples dkg_image_load() returns stay the stored values.
 *
 * Returns: %TRUE when the file has either attribute, %FALSE when it has neither (then
 *   @slope = 1, @intercept = 0) or on error (with @error set)
 */
gboolean
dkg_dicom_read_rescale (const char  *path,
                        double      *slope,
                        double      *intercept,
                        char       **units,
                        GError     **error)
{
  g_autofree char *name = g_path_get_basename (path);
  double r[2] = { NAN, NAN };

  *slope = 1;
  *intercept = 0;
  if (units != NULL)
    *units = NULL;
  if (!check_structure (path, name, NULL, NULL, r, units, error))
    return FALSE;
  if (isnan (r[0]) && isnan (r[1]))
    {
      if (units != NULL)
        g_clear_pointer (units, g_free);
      return FALSE;
    }
  *slope = isnan (r[0]) || r[0] == 0 ? 1 : r[0];
  *intercept = isnan (r[1]) ? 0 : r[1];
  return TRUE;
}
