/* dkg-dicom-gdcm.cc — the one C++ file: DICOM through GDCM behind the C API of dkg-dicom.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GDCM decodes every transfer syntax it was built with (native little/big endian, RLE, JPEG
 * baseline/extended/lossless, JPEG-LS, JPEG 2000). Nothing here rescales: the samples are the
 * stored values (no Rescale Slope/Intercept, no MONOCHROME1 inversion, no window). No C++
 * exception crosses into C: every entry point catches everything.
 *
 * GDCM is not safe on hostile input: Debian builds it with assert() on, and fuzzing found
 * aborts in its data set reader and segmentation faults in its JPEG and JPEG 2000 glue. Its
 * codecs (libjpeg builds, OpenJPEG, CharLS) also print to stderr. So every GDCM call runs in a
 * forked child process: the child points stderr at a temporary file, reads and decodes, and
 * sends the frame (or the error, with the codec's first complaint) back through a pipe; a child
 * that dies or hangs becomes a GError in the parent, and its memory is capped at what the file
 * can need (run_in_child(), in dkg-dicom-child.cc). Before that, _dkg_dicom_check_structure()
 * (dkg-dicom-check.c) walks the file's elements so that damaged files get a precise message
 * without a child at all. The fork happens under a lock and the child touches nothing but
 * GDCM, malloc and the pipe, then _exit()s.
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <gdcmDataSet.h>
#include <gdcmFile.h>
#include <gdcmFileExplicitFilter.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmFragment.h>
#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmPhotometricInterpretation.h>
#include <gdcmPixelFormat.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmTag.h>
#include <gdcmTrace.h>
#include <gdcmTransferSyntax.h>
#include <gdcmWriter.h>

#include "dkg-bytes.h"
#include "dkg-dicom-child-private.h"
#include "dkg-dicom.h"
#include "dkg-error.h"
#include "dkg-image-private.h"

using namespace dkg_dicom_child;

namespace
{

/* Most bytes of NUL-separated keywords a child may send back. */
constexpr guint64 MAX_KEYWORDS = 64 * 1024;

/* An ostream with no buffer: everything written to it is dropped. */
std::ostream null_stream (nullptr);

void
silence_gdcm ()
{
  static std::once_flag once;

  std::call_once (once, [] {
    gdcm::Trace::SetDebug (false);
    gdcm::Trace::SetWarning (false);
    gdcm::Trace::SetError (false);
    gdcm::Trace::SetStream (null_stream);
  });
}

/* In the child: sends fd 2 to a temporary file for its lifetime. */
class StderrCapture
{
public:
  StderrCapture ()
  {
    sink = tmpfile ();
    int fd = sink != nullptr ? fileno (sink) : open ("/dev/null", O_WRONLY | O_CLOEXEC);

    if (fd >= 0)
      {
        dup2 (fd, 2);
        if (sink == nullptr)
          close (fd);
      }
  }

  ~StderrCapture ()
  {
    if (sink != nullptr)
      fclose (sink);
  }

  /* The first line written so far, or "" */
  std::string
  first_line ()
  {
    char line[256] = "";

    fflush (stderr);
    if (sink == nullptr)
      return "";
    rewind (sink);
    if (fgets (line, sizeof line, sink) == nullptr)
      return "";
    line[strcspn (line, "\r\n")] = '\0';
    fseek (sink, 0, SEEK_END);
    return line;
  }

  StderrCapture (const StderrCapture &) = delete;
  StderrCapture &operator= (const StderrCapture &) = delete;

private:
  FILE *sink = nullptr;
};

/* ": detail" when a codec said something, else "" */
std::string
detail (StderrCapture &capture)
{
  std::string line = capture.first_line ();

  return line.empty () ? line : ": " + line;
}

/* G_IO_ERROR if @path cannot be opened for reading (missing, permissions, a directory); then
 * the structural walk of dkg-dicom-check.c, which also says how much memory decoding needs. */
bool
check_file (const char *path, const char *name, guint64 *memory_needed, DkgDicomFacts *facts,
            GError **error)
{
  FILE *fp = g_fopen (path, "rb");
  int saved_errno;

  if (fp == nullptr)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", name, g_strerror (saved_errno));
      return false;
    }
  /* fopen() succeeds on a directory; the first read fails. */
  if (fgetc (fp) == EOF && ferror (fp))
    {
      saved_errno = errno;
      fclose (fp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not read “%s”: %s", name, g_strerror (saved_errno));
      return false;
    }
  fclose (fp);
  return _dkg_dicom_check_structure (path, name, memory_needed, facts, error);
}

/* A data set written in implicit VR under an explicit VR little endian transfer syntax
 * (pydicom's SC_rgb_jpeg.dcm; DkgDicomFacts.implicit_vr_mismatch). GDCM reads such files only
 * after failed attempts, one of which takes a value's text for a length and allocates it (1.3
 * GB for that file; fatal under AddressSanitizer, and a loss of memory elsewhere). So the file
 * is rewritten in memory first: the meta header's syntax set to implicit VR little endian, the
 * data set read so, the syntax put back, its VRs made explicit from GDCM's dictionary
 * (gdcm::FileExplicitFilter, what `gdcmconv --explicit` does) and written out again. Returns
 * "" if any step fails. */
std::string
rewrite_as_explicit (const char *path, const DkgDicomFacts &facts)
{
  std::ifstream in (path, std::ios::binary);
  std::string bytes ((std::istreambuf_iterator<char> (in)), std::istreambuf_iterator<char> ());
  std::string implicit_ts = "1.2.840.10008.1.2";

  if (!in.good () && !in.eof ())
    return "";
  if (facts.ts_length < implicit_ts.size () || facts.ts_offset > bytes.size ()
      || facts.ts_length > bytes.size () - facts.ts_offset)
    return "";

  std::string ts_value = bytes.substr (facts.ts_offset, facts.ts_length);
  gdcm::TransferSyntax ts = gdcm::TransferSyntax::GetTSType (ts_value.c_str ());

  if (ts == gdcm::TransferSyntax::TS_END)
    return "";
  implicit_ts.resize (facts.ts_length, '\0');
  bytes.replace (facts.ts_offset, facts.ts_length, implicit_ts);

  std::istringstream implicit_in (bytes);
  gdcm::Reader reader;
  gdcm::FileExplicitFilter filter;
  gdcm::Writer writer;
  std::ostringstream out;

  reader.SetStream (implicit_in);
  if (!reader.Read ())
    return "";
  reader.GetFile ().GetHeader ().SetDataSetTransferSyntax (ts);
  filter.SetFile (reader.GetFile ());
  if (!filter.Change ())
    return "";
  writer.SetFile (filter.GetFile ());
  writer.SetStream (out);
  if (!writer.Write ())
    return "";
  return out.str ();
}

/* Points @reader at @path, or at its explicit rewrite (held by @holder) for a data set in
 * implicit VR under an explicit syntax. */
bool
open_reader (gdcm::Reader &reader, const char *path, const DkgDicomFacts &facts,
             std::istringstream &holder)
{
  if (!facts.implicit_vr_mismatch)
    {
      reader.SetFileName (path);
      return true;
    }
  std::string rewritten = rewrite_as_explicit (path, facts);

  if (rewritten.empty ())
    return false;
  holder.str (rewritten);
  reader.SetStream (holder);
  return true;
}

/* After ImageReader failed: is it a DICOM file without an image, or a broken file? */
void
set_read_error (const char *path, const DkgDicomFacts &facts, const char *name,
                StderrCapture &capture, GError **error)
{
  gdcm::Reader reader;
  std::istringstream holder;

  if (!open_reader (reader, path, facts, holder))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid DICOM image (unreadable, truncated or corrupt)%s", name,
                   detail (capture).c_str ());
      return;
    }
  if (reader.Read ()
      && !reader.GetFile ().GetDataSet ().FindDataElement (gdcm::Tag (0x7fe0, 0x0010)))
    g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                 "“%s” is a DICOM file without pixel data", name);
  else
    g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                 "“%s” is not a valid DICOM image (unreadable, truncated or corrupt)%s", name,
                 detail (capture).c_str ());
}

/* Whether a lossy JPEG stream's three components are YCbCr. The stream's own evidence comes
 * first, as libjpeg reads it (jdapimin.c, default_decompress_parms): a JFIF marker means YCbCr;
 * an Adobe APP14 marker's transform says it (0 RGB, 1 YCbCr); component IDs 'R','G','B' mean
 * RGB. Without any of these, chroma subsampling (components with different sampling factors)
 * means YCbCr — nobody subsamples RGB, and GDCM's own encoder writes such streams labelled
 * RGB (pydicom's SC_rgb_jpeg_lossy_gdcm.dcm). Otherwise the data set's Photometric
 * Interpretation decides, as PS3.5 §8.2.1 says it describes the compressed data: RGB means no
 * colour transform (pydicom's SC_jpeg_no_color_transform.dcm), YBR_* means YCbCr. */
bool
jpeg_stream_is_ycbcr (const guint8 *p, gsize len, bool pi_is_ycbcr)
{
  bool jfif = false, adobe = false, subsampled = false, have_sof = false;
  int transform = -1;
  guint8 ids[3] = { 1, 2, 3 };
  gsize pos = 2;

  if (len < 4 || p[0] != 0xff || p[1] != 0xd8)
    return pi_is_ycbcr;
  while (pos + 4 <= len)
    {
      guint8 m;
      gsize seg_len;

      if (p[pos] != 0xff)
        {
          pos++;
          continue;
        }
      m = p[pos + 1];
      if (m == 0xff || m == 0x01 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7))
        {
          pos += m == 0xff ? 1 : 2;
          continue;
        }
      if (m == 0xd9 || m == 0xda)
        break;
      seg_len = dkg_bytes_get_be16 (p + pos + 2);
      if (seg_len < 2 || pos + 2 + seg_len > len)
        break;
      const guint8 *seg = p + pos + 4;
      gsize n = seg_len - 2;

      if (m == 0xe0 && n >= 5 && memcmp (seg, "JFIF\0", 5) == 0)
        jfif = true;
      else if (m == 0xee && n >= 12 && memcmp (seg, "Adobe", 5) == 0)
        {
          adobe = true;
          transform = seg[11];
        }
      else if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc && n >= 6
               && seg[5] == 3 && n >= 6 + 9)
        {
          have_sof = true;
          ids[0] = seg[6];
          ids[1] = seg[9];
          ids[2] = seg[12];
          subsampled = seg[7] != seg[10] || seg[7] != seg[13];
        }
      pos += 2 + seg_len;
    }
  if (jfif)
    return true;
  if (adobe)
    return transform != 0;
  if (ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B')
    return false;
  if (have_sof && subsampled)
    return true;
  return pi_is_ycbcr;
}

/* The first fragment of encapsulated pixel data, or NULL. */
const gdcm::ByteValue *
first_fragment (const gdcm::File &file)
{
  const gdcm::DataSet &ds = file.GetDataSet ();
  gdcm::Tag tag (0x7fe0, 0x0010);

  if (!ds.FindDataElement (tag))
    return nullptr;
  const gdcm::SequenceOfFragments *sf = ds.GetDataElement (tag).GetSequenceOfFragments ();
  if (sf == nullptr || sf->GetNumberOfFragments () == 0)
    return nullptr;
  return sf->GetFragment (0).GetByteValue ();
}

/* Full-range YCbCr to RGB in place (DICOM PS3.3 C.7.6.3.1.2, YBR_FULL; the JFIF equations):
 * R = Y + 1.402 (Cr − 128), G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128),
 * B = Y + 1.772 (Cb − 128), rounded and clamped to 0..255. */
void
ycbcr_to_rgb (guint8 *p, gsize n_pixels)
{
  for (gsize i = 0; i < n_pixels; i++, p += 3)
    {
      double y = p[0], cb = p[1] - 128.0, cr = p[2] - 128.0;
      double rgb[3] = { y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb };

      for (int c = 0; c < 3; c++)
        p[c] = (guint8) CLAMP ((int) (rgb[c] + 0.5 + 256.0) - 256, 0, 255);
    }
}

/* Decodes one RLE frame (DICOM PS3.5 Annex G: a 64-byte header of segment count and offsets,
 * then one PackBits segment per byte of each sample, most significant byte first) into
 * @out, samples interleaved in host byte order. Frame @frame is fragment @frame (PS3.5
 * §A.4.2: one fragment per frame); a single-frame image may span several fragments. */
bool
rle_decode_frame (const gdcm::File &file, unsigned frame, unsigned frames, unsigned cols,
                  unsigned rows, unsigned spp, unsigned bytes, std::vector<char> &out,
                  const char *name, GError **error)
{
  const gdcm::DataSet &ds = file.GetDataSet ();
  const gdcm::SequenceOfFragments *sf = nullptr;
  std::vector<guint8> data;
  gsize n_pixels = (gsize) cols * rows, stride = (gsize) spp * bytes;
  guint32 n_segments;

  if (ds.FindDataElement (gdcm::Tag (0x7fe0, 0x0010)))
    sf = ds.GetDataElement (gdcm::Tag (0x7fe0, 0x0010)).GetSequenceOfFragments ();
  if (sf == nullptr || sf->GetNumberOfFragments () == 0
      || (sf->GetNumberOfFragments () != frames && frames != 1))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a damaged DICOM file: %u RLE fragments for %u frames", name,
                   sf != nullptr ? (unsigned) sf->GetNumberOfFragments () : 0u, frames);
      return false;
    }
  for (unsigned f = 0; f < sf->GetNumberOfFragments (); f++)
    if (frames == 1 || f == frame)
      {
        const gdcm::ByteValue *bv = sf->GetFragment (f).GetByteValue ();

        if (bv != nullptr)
          data.insert (data.end (), (const guint8 *) bv->GetPointer (),
                       (const guint8 *) bv->GetPointer () + bv->GetLength ());
      }
  n_segments = data.size () >= 64 ? dkg_bytes_get_le32 (data.data ()) : 0;
  if (n_segments != spp * bytes)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a damaged DICOM file: RLE frame %u has %u segments, %u expected",
                   name, frame, n_segments, spp * bytes);
      return false;
    }
  out.assign (n_pixels * stride, 0);
  for (guint32 sgm = 0; sgm < n_segments; sgm++)
    {
      gsize start = dkg_bytes_get_le32 (data.data () + 4 + 4 * sgm);
      gsize end = sgm + 1 < n_segments ? dkg_bytes_get_le32 (data.data () + 8 + 4 * sgm)
                                       : data.size ();
      unsigned sample = sgm / bytes, significance = sgm % bytes;   /* 0: most significant */
      unsigned byte_in_sample = G_BYTE_ORDER == G_LITTLE_ENDIAN ? bytes - 1 - significance
                                                                : significance;
      char *dst = out.data () + (gsize) sample * bytes + byte_in_sample;
      gsize done = 0, q = start;

      if (start < 64 || start > end || end > data.size ())
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s” is a damaged DICOM file: RLE segment %u of frame %u lies outside "
                       "its fragment", name, sgm + 1, frame);
          return false;
        }
      while (done < n_pixels && q < end)
        {
          int n = (gint8) data[q++];

          if (n >= 0)
            {
              gsize run = MIN ((gsize) n + 1, end - q);

              for (gsize i = 0; i < run && done < n_pixels; i++)
                dst[stride * done++] = (char) data[q + i];
              q += run;
            }
          else if (n != -128 && q < end)
            {
              char value = (char) data[q++];

              for (int i = 0; i < 1 - n && done < n_pixels; i++)
                dst[stride * done++] = value;
            }
        }
      if (done < n_pixels)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s” is a damaged DICOM file: RLE segment %u of frame %u ends after %"
                       G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", name, sgm + 1, frame,
                       done, n_pixels);
          return false;
        }
    }
  return true;
}

/* 1-bit native grey (segmentation masks: pydicom's liver_1frame.dcm): the frames' bits are
 * packed one after the other, first pixel in the least significant bit (PS3.5 §8.1.1,
 * §8.2). Delivered as 8-bit samples 0 and 1, the stored values, as pydicom does. */
DkgImage *
load_single_bit (const gdcm::Image &img, unsigned frame, unsigned frames, unsigned cols,
                 unsigned rows, const char *name, StderrCapture &capture, GError **error)
{
  gsize n = (gsize) cols * rows, first = n * frame;
  std::vector<char> packed;
  DkgImage *image;

  if (!dkg_image_check_size (cols, rows, 1, 8, img.GetBufferLength (), name, error))
    return nullptr;
  if ((guint64) img.GetBufferLength () * 8 < (guint64) n * frames)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the DICOM pixel data is shorter than its %u×%u×%u frames", name,
                   cols, rows, frames);
      return nullptr;
    }
  packed.resize (img.GetBufferLength ());
  if (!img.GetBuffer (packed.data ()))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: could not read the 1-bit DICOM pixel data, truncated or corrupt%s",
                   name, detail (capture).c_str ());
      return nullptr;
    }
  image = dkg_image_new (cols, rows, 1, 8, FALSE, error);
  if (image == nullptr)
    return nullptr;
  for (gsize i = 0; i < n; i++)
    image->data[i] = (guint8) (((guint8) packed[(first + i) >> 3] >> ((first + i) & 7)) & 1);
  return image;
}

DkgImage *
load (const char *path, const DkgDicomFacts &facts, guint frame, const char *name,
      StderrCapture &capture, GError **error)
{
  gdcm::ImageReader reader;
  std::istringstream holder;
  unsigned int cols, rows, frames, spp, bits, planar;
  gsize bytes, frame_bytes;
  unsigned long length;
  bool is_signed, grey, colour, ycbcr, lossy_jpeg, j2k;
  gdcm::TransferSyntax ts;
  std::vector<char> buffer;
  gdcm::PhotometricInterpretation::PIType pi;
  DkgImage *image;

  if (!open_reader (reader, path, facts, holder) || !reader.Read ())
    {
      set_read_error (path, facts, name, capture, error);
      return nullptr;
    }

  const gdcm::Image &img = reader.GetImage ();
  const gdcm::PixelFormat &pf = img.GetPixelFormat ();

  if (img.GetNumberOfDimensions () < 2 || img.GetNumberOfDimensions () > 3)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: DICOM image with %u dimensions", name, img.GetNumberOfDimensions ());
      return nullptr;
    }
  cols = img.GetDimension (0);
  rows = img.GetDimension (1);
  frames = img.GetNumberOfDimensions () == 3 ? img.GetDimension (2) : 1;
  spp = pf.GetSamplesPerPixel ();
  bits = pf.GetBitsAllocated ();
  is_signed = pf.GetPixelRepresentation () == 1;
  pi = img.GetPhotometricInterpretation ();
  planar = img.GetPlanarConfiguration ();

  if (cols == 0 || rows == 0 || frames == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: DICOM image of %u×%u pixels and %u frames", name, cols, rows, frames);
      return nullptr;
    }
  if (frame >= frames)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s”: frame %u requested, the file has %u", name, frame, frames);
      return nullptr;
    }
  if (bits == 1 && spp == 1 && !is_signed && !img.GetTransferSyntax ().IsEncapsulated ()
      && (pi == gdcm::PhotometricInterpretation::MONOCHROME1
          || pi == gdcm::PhotometricInterpretation::MONOCHROME2))
    return load_single_bit (img, frame, frames, cols, rows, name, capture, error);
  if (bits != 8 && bits != 16)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: unsupported: %u-bit samples (Bits Allocated %u; 1-bit grey, 8- and "
                   "16-bit samples are read)", name, bits, bits);
      return nullptr;
    }
  if (is_signed && bits == 8)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: signed 8-bit DICOM samples are not supported", name);
      return nullptr;
    }
  grey = pi == gdcm::PhotometricInterpretation::MONOCHROME1
         || pi == gdcm::PhotometricInterpretation::MONOCHROME2;
  ts = img.GetTransferSyntax ();
  lossy_jpeg = ts == gdcm::TransferSyntax::JPEGBaselineProcess1
               || ts == gdcm::TransferSyntax::JPEGExtendedProcess2_4;
  j2k = ts == gdcm::TransferSyntax::JPEG2000Lossless || ts == gdcm::TransferSyntax::JPEG2000
        || ts == gdcm::TransferSyntax::JPEG2000Part2Lossless
        || ts == gdcm::TransferSyntax::JPEG2000Part2;
  colour = false;
  ycbcr = false;
  if (spp == 3 && bits == 8 && lossy_jpeg)
    {
      /* GDCM hands over the components as coded (libjpeg's JCS_UNKNOWN); what they are is
       * in the stream, whatever the data set says. */
      const gdcm::ByteValue *bv = first_fragment (reader.GetFile ());

      colour = pi == gdcm::PhotometricInterpretation::RGB
               || pi == gdcm::PhotometricInterpretation::YBR_FULL
               || pi == gdcm::PhotometricInterpretation::YBR_FULL_422;
      bool pi_ycbcr = pi != gdcm::PhotometricInterpretation::RGB;

      ycbcr = bv == nullptr ? pi_ycbcr
                            : jpeg_stream_is_ycbcr ((const guint8 *) bv->GetPointer (),
                                                    bv->GetLength (), pi_ycbcr);
    }
  else if (spp == 3)
    {
      colour = pi == gdcm::PhotometricInterpretation::RGB
               || (j2k && (pi == gdcm::PhotometricInterpretation::YBR_RCT
                           || pi == gdcm::PhotometricInterpretation::YBR_ICT))
               || (bits == 8 && pi == gdcm::PhotometricInterpretation::YBR_FULL)
               || (bits == 8 && pi == gdcm::PhotometricInterpretation::YBR_FULL_422);
      ycbcr = pi == gdcm::PhotometricInterpretation::YBR_FULL
              || pi == gdcm::PhotometricInterpretation::YBR_FULL_422;
    }
  if (!((grey && spp == 1) || colour))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: DICOM photometric interpretation %s with %u samples per pixel is not "
                   "supported (MONOCHROME1, MONOCHROME2, RGB, 8-bit YBR_FULL and YBR_FULL_422, "
                   "YBR_RCT and YBR_ICT in JPEG 2000)", name,
                   gdcm::PhotometricInterpretation::GetPIString (pi), spp);
      return nullptr;
    }

  length = img.GetBufferLength ();
  frame_bytes = (gsize) cols * rows * spp * (bits / 8);
  if (!dkg_image_check_size (cols, rows, spp, bits, length, name, error))
    return nullptr;
  if ((guint64) length < (guint64) frame_bytes * frames)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the DICOM pixel data is shorter than its %u×%u×%u frames", name,
                   cols, rows, frames);
      return nullptr;
    }
  if (ts == gdcm::TransferSyntax::RLELossless)
    {
      /* GDCM 3.0 interleaves the byte segments of 16-bit RGB in the wrong order (pydicom's
       * SC_rgb_rle_16bit.dcm: red came out as (0, 65280, 255)), so RLE is decoded here, one
       * frame, already interleaved. */
      if (!rle_decode_frame (reader.GetFile (), frame, frames, cols, rows, spp, bits / 8,
                             buffer, name, error))
        return nullptr;
      frame = 0;
      planar = 0;
    }
  else
    {
      buffer.resize (length);
      if (!img.GetBuffer (buffer.data ()))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: could not decode the DICOM pixel data (%s), truncated or corrupt%s",
                       name, gdcm::TransferSyntax::GetTSString (img.GetTransferSyntax ()),
                       detail (capture).c_str ());
          return nullptr;
        }
    }

  image = dkg_image_new (cols, rows, spp, bits, is_signed, error);
  if (image == nullptr)
    return nullptr;
  bytes = bits / 8;
  if (spp == 3 && planar == 1)
    {
      /* RRR…GGG…BBB… per frame → RGBRGB… */
      gsize plane = (gsize) cols * rows * bytes;
      const char *src = buffer.data () + (gsize) frame * frame_bytes;

      for (gsize i = 0; i < (gsize) cols * rows; i++)
        for (unsigned int c = 0; c < 3; c++)
          memcpy (image->data + (i * 3 + c) * bytes, src + c * plane + i * bytes, bytes);
    }
  else
    memcpy (image->data, buffer.data () + (gsize) frame * frame_bytes, frame_bytes);
  if (ycbcr)
    ycbcr_to_rgb (image->data, (gsize) cols * rows);
  if (j2k && is_signed && bits == 16 && pf.GetBitsStored () > 0 && pf.GetBitsStored () < 16)
    {
      /* The data set says signed; a JPEG 2000 stream coded unsigned comes out of OpenJPEG as
       * non-negative values of Bits Stored bits (pydicom's J2K_pixelrep_mismatch.dcm: 6192 for
       * −2000 in 13 bits). As pydicom does (APPLY_J2K_CORRECTIONS), the Pixel Representation
       * of the data set wins: the low Bits Stored bits are a two's-complement value. Values a
       * signed stream decoded already are unchanged by this. */
      guint16 *v = (guint16 *) image->data;
      guint16 mask = (guint16) ((1u << pf.GetBitsStored ()) - 1);
      guint16 sign = (guint16) (1u << (pf.GetBitsStored () - 1));

      for (gsize i = 0; i < (gsize) cols * rows * spp; i++)
        v[i] = (guint16) ((v[i] & mask) & sign ? (v[i] | ~mask) : (v[i] & mask));
    }
  return image;
}

struct IdentifyingAttribute
{
  guint16     group;
  guint16     element;
  const char *keyword;
};

/* Attributes of DICOM PS3.15 Annex E (Basic Application Level Confidentiality Profile,
 * Table E.1-1) that identify a patient, an institution, people or a study. */
const IdentifyingAttribute identifying[] = {
  { 0x0008, 0x0014, "InstanceCreatorUID" },
  { 0x0008, 0x0018, "SOPInstanceUID" },
  { 0x0008, 0x0020, "StudyDate" },
  { 0x0008, 0x0021, "SeriesDate" },
  { 0x0008, 0x0022, "AcquisitionDate" },
  { 0x0008, 0x0023, "ContentDate" },
  { 0x0008, 0x0030, "StudyTime" },
  { 0x0008, 0x0050, "AccessionNumber" },
  { 0x0008, 0x0080, "InstitutionName" },
  { 0x0008, 0x0081, "InstitutionAddress" },
  { 0x0008, 0x0090, "ReferringPhysicianName" },
  { 0x0008, 0x0092, "ReferringPhysicianAddress" },
  { 0x0008, 0x0094, "ReferringPhysicianTelephoneNumbers" },
  { 0x0008, 0x1010, "StationName" },
  { 0x0008, 0x1040, "InstitutionalDepartmentName" },
  { 0x0008, 0x1048, "PhysiciansOfRecord" },
  { 0x0008, 0x1050, "PerformingPhysicianName" },
  { 0x0008, 0x1060, "NameOfPhysiciansReadingStudy" },
  { 0x0008, 0x1070, "OperatorsName" },
  { 0x0010, 0x0010, "PatientName" },
  { 0x0010, 0x0020, "PatientID" },
  { 0x0010, 0x0021, "IssuerOfPatientID" },
  { 0x0010, 0x0030, "PatientBirthDate" },
  { 0x0010, 0x0032, "PatientBirthTime" },
  { 0x0010, 0x0040, "PatientSex" },
  { 0x0010, 0x1000, "OtherPatientIDs" },
  { 0x0010, 0x1001, "OtherPatientNames" },
  { 0x0010, 0x1002, "OtherPatientIDsSequence" },
  { 0x0010, 0x1005, "PatientBirthName" },
  { 0x0010, 0x1010, "PatientAge" },
  { 0x0010, 0x1020, "PatientSize" },
  { 0x0010, 0x1030, "PatientWeight" },
  { 0x0010, 0x1040, "PatientAddress" },
  { 0x0010, 0x1060, "PatientMotherBirthName" },
  { 0x0010, 0x1090, "MedicalRecordLocator" },
  { 0x0010, 0x2154, "PatientTelephoneNumbers" },
  { 0x0010, 0x2160, "EthnicGroup" },
  { 0x0010, 0x21b0, "AdditionalPatientHistory" },
  { 0x0010, 0x4000, "PatientComments" },
  { 0x0018, 0x1000, "DeviceSerialNumber" },
  { 0x0020, 0x000d, "StudyInstanceUID" },
  { 0x0020, 0x000e, "SeriesInstanceUID" },
  { 0x0020, 0x0010, "StudyID" },
  { 0x0020, 0x0052, "FrameOfReferenceUID" },
  { 0x0032, 0x1032, "RequestingPhysician" },
  { 0x0040, 0x0006, "ScheduledPerformingPhysicianName" },
  { 0x0040, 0xa123, "PersonName" },
};

char **
list_identifying (const char *path, const DkgDicomFacts &facts, const char *name,
                  GError **error)
{
  gdcm::Reader reader;
  std::istringstream holder;
  GPtrArray *found;

  /* The header is enough: stop before the pixel data. */
  if (!open_reader (reader, path, facts, holder)
      || !reader.ReadUpToTag (gdcm::Tag (0x7fe0, 0x0010)))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid DICOM file (unreadable, truncated or corrupt)", name);
      return nullptr;
    }
  const gdcm::DataSet &ds = reader.GetFile ().GetDataSet ();
  found = g_ptr_array_new ();
  for (const IdentifyingAttribute &a : identifying)
    {
      gdcm::Tag tag (a.group, a.element);

      if (ds.FindDataElement (tag) && !ds.GetDataElement (tag).IsEmpty ())
        g_ptr_array_add (found, g_strdup (a.keyword));
    }
  g_ptr_array_add (found, nullptr);
  return (char **) g_ptr_array_free (found, FALSE);
}

} /* namespace */

/**
 * dkg_dicom_load:
 * @path: a DICOM file (Part 10 with or without preamble), in the GLib file name encoding
 * @frame: the frame of a multi-frame image to return, 0 = the first
 * @error: return location for a #GError
 *
 * Decodes one frame with GDCM: native (explicit/implicit little endian, big endian, also a
 * data set written in implicit VR under an explicit VR syntax, read with a logged message as
 * pydicom does), JPEG (baseline, extended, lossless), JPEG-LS and JPEG 2000 transfer syntaxes,
 * as far as the installed GDCM supports them; RLE (PS3.5 Annex G) is decoded here, since GDCM
 * 3.0 mis-orders 16-bit RGB segments. 8-bit unsigned and 16-bit signed or unsigned samples;
 * 1-bit native grey as 8-bit samples 0 and 1; MONOCHROME1 and MONOCHROME2 as one grey
 * channel, RGB as three (planar configuration 1 is interleaved). The samples are the stored
 * values, bit-exactly: no Rescale Slope/Intercept (so CT values are not Hounsfield units), no
 * MONOCHROME1 inversion, no VOI window. Signed samples (PixelRepresentation 1) give an image
 * with @is_signed set; a JPEG 2000 stream coded unsigned under PixelRepresentation 1 is read as
 * two's complement in Bits Stored bits, as pydicom does. The results agree with pydicom on its
 * test corpus (docs/DICOM-CONFORMANCE.md, docs/SPECIFICATION.md §5.8).
 *
 * Colour that is not stored as RGB is delivered as RGB: 8-bit YBR_FULL and YBR_FULL_422
 * (native or compressed) with the full-range JFIF equations of PS3.3 C.7.6.3.1.2 — these
 * samples are then computed, not stored, values; YBR_RCT and YBR_ICT in JPEG 2000, which
 * OpenJPEG inverts itself. For lossy JPEG the coded colour space comes from the stream when it
 * says (JFIF/Adobe markers, 'R','G','B' component IDs, chroma subsampling), else from the
 * Photometric Interpretation (jpeg_stream_is_ycbcr()). YBR_PARTIAL_*, palette colour and
 * samples of other sizes (32-bit RT dose grids: "unsupported: 32-bit samples") are
 * %DKG_ERROR_UNSUPPORTED, never called damaged.
 *
 * Returns: (transfer full) (nullable): the image (@source_format "dicom"), or %NULL with
 *   %G_IO_ERROR (cannot open), %DKG_ERROR_INVALID_FILE (not DICOM, truncated, undecodable),
 *   %DKG_ERROR_UNSUPPORTED (no pixel data, palette or YBR_PARTIAL colour, other sample
 *   sizes),
 *   %DKG_ERROR_INVALID_ARGUMENT (@frame beyond the last frame) or %DKG_ERROR_TOO_LARGE
 */
DkgImage *
dkg_dicom_load (const char  *path,
                guint        frame,
                GError     **error)
{
  g_autofree char *name = nullptr;
  DkgImage *image = nullptr;
  guint64 memory_needed = 0;
  DkgDicomFacts facts = {};

  g_return_val_if_fail (path != nullptr, nullptr);
  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  name = g_filename_display_name (path);
  if (!check_file (path, name, &memory_needed, &facts, error))
    return nullptr;
  /* Said here, not by GDCM: its reader fails on some valid files without an image (pydicom's
   * nested_priv_SQ.dcm), which would be reported as unreadable. */
  if (!facts.has_pixel_data)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” is a DICOM file without pixel data", name);
      return nullptr;
    }

  auto work = [&] (int fd) {
    ReplyHeader header = {};
    GError *child_error = nullptr;
    DkgImage *decoded = nullptr;

    try
      {
        StderrCapture capture;

        silence_gdcm ();
        decoded = load (path, facts, frame, name, capture, &child_error);
      }
    catch (const std::bad_alloc &)
      {
        g_clear_error (&child_error);
        g_set_error (&child_error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "“%s”: out of memory", name);
      }
    catch (const std::exception &e)
      {
        g_clear_error (&child_error);
        g_set_error (&child_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: DICOM decoder error: %s", name, e.what ());
      }
    catch (...)
      {
        g_clear_error (&child_error);
        g_set_error (&child_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: DICOM decoder error", name);
      }
    if (decoded == nullptr && child_error == nullptr)
      g_set_error (&child_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: DICOM decoder error", name);
    if (decoded != nullptr)
      {
        header.width = decoded->width;
        header.height = decoded->height;
        header.channels = decoded->channels;
        header.bit_depth = decoded->bit_depth;
        header.is_signed = decoded->is_signed ? 1 : 0;
        header.payload_len = dkg_image_n_bytes (decoded);
      }
    child_reply (fd, header, child_error, decoded != nullptr ? decoded->data : nullptr);
  };

  auto receive = [&] (const ReplyHeader &h, int fd, bool *timed_out, GError **err) -> bool {
    g_autoptr(DkgImage) im = dkg_image_new (h.width, h.height, h.channels, h.bit_depth,
                                            h.is_signed != 0, err);

    if (im == nullptr)
      return false;
    if (h.payload_len != dkg_image_n_bytes (im)
        || !read_all (fd, im->data, h.payload_len, timed_out))
      return false;
    image = static_cast<DkgImage *> (g_steal_pointer (&im));
    return true;
  };

  if (!run_in_child (name, memory_needed, work, receive, error))
    {
      g_clear_pointer (&image, dkg_image_free);
      return nullptr;
    }
  g_free (image->source_format);
  image->source_format = g_strdup ("dicom");
  return image;
}

/**
 * dkg_dicom_list_identifying:
 * @path: a DICOM file
 * @error: return location for a #GError
 *
 * Lists the attributes of @path that identify the patient or the study and hold a value:
 * PatientName, PatientID, PatientBirthDate, PatientSex, PatientAge, PatientAddress, other IDs
 * and names, institution and physician names, accession number, study date and time, the study,
 * series and instance UIDs, device serial number, … (the attributes of DICOM PS3.15 Annex E,
 * Table E.1-1, that this library checks for; see dkg-dicom-gdcm.cc for the full list). Callers
 * use it to know what must never be written in the clear (docs/SPECIFICATION.md §5.7). Only the
 * header is read, not the pixel data.
 *
 * Returns: (transfer full) (array zero-terminated=1): the DICOM keywords present, in tag
 *   order, possibly empty; free with g_strfreev(). %NULL with %G_IO_ERROR or
 *   %DKG_ERROR_INVALID_FILE.
 */
char **
dkg_dicom_list_identifying (const char  *path,
                            GError     **error)
{
  g_autofree char *name = nullptr;
  char **result = nullptr;
  guint64 memory_needed = 0;
  DkgDicomFacts facts = {};

  g_return_val_if_fail (path != nullptr, nullptr);
  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  name = g_filename_display_name (path);
  if (!check_file (path, name, &memory_needed, &facts, error))
    return nullptr;

  auto work = [&] (int fd) {
    ReplyHeader header = {};
    GError *child_error = nullptr;
    char **ids = nullptr;
    std::string joined;

    try
      {
        StderrCapture capture;

        silence_gdcm ();
        ids = list_identifying (path, facts, name, &child_error);
      }
    catch (...)
      {
        g_clear_error (&child_error);
        g_set_error (&child_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: DICOM decoder error while reading the header", name);
      }
    for (char **k = ids; k != nullptr && *k != nullptr; k++)
      {
        joined += *k;
        joined += '\0';
      }
    header.payload_len = joined.size ();
    child_reply (fd, header, child_error, joined.data ());
  };

  auto receive = [&] (const ReplyHeader &h, int fd, bool *timed_out, GError **) -> bool {
    std::string joined;
    GPtrArray *list;

    if (h.payload_len > MAX_KEYWORDS)
      return false;
    joined.resize (h.payload_len);
    if (h.payload_len > 0 && !read_all (fd, &joined[0], h.payload_len, timed_out))
      return false;
    list = g_ptr_array_new ();
    for (size_t at = 0; at < joined.size (); at = joined.find ('\0', at) + 1)
      {
        if (joined.find ('\0', at) == std::string::npos)
          break;
        g_ptr_array_add (list, g_strdup (joined.c_str () + at));
      }
    g_ptr_array_add (list, nullptr);
    result = (char **) g_ptr_array_free (list, FALSE);
    return true;
  };

  if (!run_in_child (name, memory_needed, work, receive, error))
    {
      g_clear_pointer (&result, g_strfreev);
      return nullptr;
    }
  return result;
}
