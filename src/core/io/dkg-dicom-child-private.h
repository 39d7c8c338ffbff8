/* dkg-dicom-child-private.h — running a GDCM call in a forked child process
 * (dkg-dicom-child.cc), for dkg-dicom-gdcm.cc; C++ only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <functional>

#include <glib.h>

namespace dkg_dicom_child
{

/* What the child sends: this header, the message, then the payload (image samples or
 * NUL-separated keywords). */
struct ReplyHeader
{
  guint32 magic;
  gint32  domain;                 /* 0 success, 1 DKG_ERROR, 2 G_IO_ERROR */
  gint32  code;
  guint32 message_len;
  guint32 width, height, channels, bit_depth, is_signed;
  guint64 payload_len;
};

/* Reads exactly @len bytes unless the child closes the pipe or goes quiet for the timeout. */
bool read_all (int fd, void *data, size_t len, bool *timed_out);

/* Child side: fills @header and @payload from @error or success, sends them, never returns. */
[[noreturn]] void child_reply (int fd, ReplyHeader header, const GError *error,
                               const void *payload);

/* Runs @work in a child process whose address space is capped at what @memory_needed bytes of
 * decoding can use. @work gets the write end of the pipe and must end in child_reply(). The
 * parent reads the header and the message, then lets @receive read the payload. Returns the
 * header's domain/code as a GError when the child reported one, or a GError of its own (naming
 * @name) when the child died, hung or sent nonsense. */
bool run_in_child (const char *name,
                   guint64 memory_needed,
                   const std::function<void (int)> &work,
                   const std::function<bool (const ReplyHeader &, int, bool *, GError **)> &receive,
                   GError **error);

} /* namespace dkg_dicom_child */
