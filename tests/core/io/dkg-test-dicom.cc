/* dkg-test-dicom.cc — DICOM fixtures made with GDCM at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Re-encodes the shipped samples into other transfer syntaxes and layouts, so that the loader
 * is tested on RLE, JPEG, JPEG-LS and JPEG 2000 data without shipping more files.
 */
#include <cstring>
#include <vector>

#include <gdcmImageChangePlanarConfiguration.h>
#include <gdcmImageChangeTransferSyntax.h>
#include <gdcmImageReader.h>
#include <gdcmImageWriter.h>
#include <gdcmTrace.h>
#include <gdcmTransferSyntax.h>

#include "dkg-test-dicom.h"

namespace
{

void
set_failure (GError **error, const char *what, const char *path)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "GDCM: %s (%s)", what, path);
}

bool
write_image (gdcm::ImageReader &reader, const gdcm::Pixmap &image, const char *out,
             GError **error)
{
  gdcm::ImageWriter writer;

  writer.SetFileName (out);
  writer.SetFile (reader.GetFile ());
  writer.SetImage (image);
  if (!writer.Write ())
    {
      set_failure (error, "cannot write", out);
      return false;
    }
  return true;
}

} /* namespace */

/**
 * dkg_test_dicom_transcode:
 * @in: a DICOM image
 * @out: where to write it
 * @transfer_syntax_uid: e.g. "1.2.840.10008.1.2.5" (RLE Lossless)
 * @planar_configuration: 0, or 1 to store RGB planes one after the other (native syntaxes)
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @out was written
 */
gboolean
dkg_test_dicom_transcode (const char  *in,
                          const char  *out,
                          const char  *transfer_syntax_uid,
                          guint        planar_configuration,
                          GError     **error)
{
  gdcm::Trace::SetWarning (false);
  try
    {
      gdcm::ImageReader reader;
      gdcm::ImageChangeTransferSyntax change;
      gdcm::TransferSyntax ts = gdcm::TransferSyntax::GetTSType (transfer_syntax_uid);

      reader.SetFileName (in);
      if (!reader.Read ())
        {
          set_failure (error, "cannot read", in);
          return FALSE;
        }
      if (ts == gdcm::TransferSyntax::TS_END)
        {
          set_failure (error, "unknown transfer syntax", transfer_syntax_uid);
          return FALSE;
        }
      change.SetTransferSyntax (ts);
      change.SetInput (reader.GetImage ());
      if (!change.Change ())
        {
          set_failure (error, "cannot change the transfer syntax", transfer_syntax_uid);
          return FALSE;
        }
      if (planar_configuration == 1)
        {
          gdcm::ImageChangePlanarConfiguration planar;

          planar.SetPlanarConfiguration (1);
          planar.SetInput (change.GetOutput ());
          if (!planar.Change ())
            {
              set_failure (error, "cannot change the planar configuration", in);
              return FALSE;
            }
          return write_image (reader, planar.GetOutput (), out, error);
        }
      return write_image (reader, change.GetOutput (), out, error);
    }
  catch (...)
    {
      set_failure (error, "exception", in);
      return FALSE;
    }
}

/**
 * dkg_test_dicom_make_multiframe:
 * @in: a native (uncompressed) single-frame DICOM image
 * @out: where to write an @n_frames-frame image
 * @n_frames: frames; frame f holds the samples of @in plus 100·f (8-bit: plus f, modulo 256)
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @out was written
 */
gboolean
dkg_test_dicom_make_multiframe (const char  *in,
                                const char  *out,
                                guint        n_frames,
                                GError     **error)
{
  gdcm::Trace::SetWarning (false);
  try
    {
      gdcm::ImageReader reader;

      reader.SetFileName (in);
      if (!reader.Read ())
        {
          set_failure (error, "cannot read", in);
          return FALSE;
        }
      const gdcm::Image &src = reader.GetImage ();
      /* GDCM objects are reference counted: the writer keeps a SmartPointer to the image, so
       * it must live on the heap. */
      gdcm::SmartPointer<gdcm::Image> image = new gdcm::Image (src);
      unsigned long frame_len = src.GetBufferLength ();
      std::vector<char> one (frame_len), all (frame_len * n_frames);
      unsigned int dims[3] = { src.GetDimension (0), src.GetDimension (1), n_frames };
      gdcm::DataElement pixels (gdcm::Tag (0x7fe0, 0x0010));

      if (!src.GetBuffer (one.data ()))
        {
          set_failure (error, "cannot decode", in);
          return FALSE;
        }
      for (guint f = 0; f < n_frames; f++)
        {
          char *dst = all.data () + (gsize) f * frame_len;

          std::memcpy (dst, one.data (), frame_len);
          if (src.GetPixelFormat ().GetBitsAllocated () == 8)
            for (unsigned long i = 0; i < frame_len; i++)
              dst[i] = (char) (guint8) ((guint8) dst[i] + f);
          else
            for (unsigned long i = 0; i + 1 < frame_len; i += 2)
              {
                guint16 v;

                std::memcpy (&v, dst + i, 2);
                v = (guint16) (v + 100 * f);
                std::memcpy (dst + i, &v, 2);
              }
        }
      image->SetNumberOfDimensions (3);
      image->SetDimensions (dims);
      pixels.SetVR (src.GetPixelFormat ().GetBitsAllocated () == 8 ? gdcm::VR::OB : gdcm::VR::OW);
      pixels.SetByteValue (all.data (), (uint32_t) all.size ());
      image->SetDataElement (pixels);
      return write_image (reader, *image, out, error);
    }
  catch (...)
    {
      set_failure (error, "exception", in);
      return FALSE;
    }
}
