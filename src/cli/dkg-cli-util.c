/* dkg-cli-util.c — errors, exit codes, progress lines, data files, and what several commands
 * share: loading an image with --frame/--slice, describing it, subcommand groups, JSON output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dkg-cli.h"
#include "dkg-data.h"
#include "dkg-file.h"
#include "dkg-error.h"

static gboolean progress_shown;

/* User-caused failures exit 2, the rest 1 (docs/SPECIFICATION.md §7). A full disk or a read-only
 * folder is the user's to fix, like a missing one. */
static int
exit_code_for (const GError *error)
{
  if (error->domain == DKG_ERROR)
    return error->code == DKG_ERROR_FAILED ? DKG_EXIT_INTERNAL : DKG_EXIT_USAGE;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND:
      case G_IO_ERROR_EXISTS:
      case G_IO_ERROR_IS_DIRECTORY:
      case G_IO_ERROR_NOT_DIRECTORY:
      case G_IO_ERROR_INVALID_FILENAME:
      case G_IO_ERROR_INVALID_DATA:
      case G_IO_ERROR_INVALID_ARGUMENT:
      case G_IO_ERROR_PERMISSION_DENIED:
      case G_IO_ERROR_NO_SPACE:
      case G_IO_ERROR_READ_ONLY:
      case G_IO_ERROR_CANCELLED:
        return DKG_EXIT_USAGE;
      default:
        return DKG_EXIT_INTERNAL;
      }
  if (error->domain == G_FILE_ERROR)
    return error->code == G_FILE_ERROR_NOENT || error->code == G_FILE_ERROR_ACCES
           || error->code == G_FILE_ERROR_ISDIR || error->code == G_FILE_ERROR_NOTDIR
           || error->code == G_FILE_ERROR_NOSPC || error->code == G_FILE_ERROR_ROFS
           || error->code == G_FILE_ERROR_PERM || error->code == G_FILE_ERROR_NAMETOOLONG
           ? DKG_EXIT_USAGE : DKG_EXIT_INTERNAL;
  if (error->domain == G_OPTION_ERROR)
    return DKG_EXIT_USAGE;
  return DKG_EXIT_INTERNAL;
}

/**
 * dkg_cli_fail:
 * @command: the subcommand, for the message prefix
 * @error: (transfer full): the error
 *
 * Prints "deepkeygen COMMAND: message" on stderr and frees @error.
 *
 * Returns: the exit code: 2 for usage and input errors, 1 for internal ones
 */
int
dkg_cli_fail (const char *command, GError *error)
{
  int code = exit_code_for (error);

  dkg_cli_progress_done ();
  fprintf (stderr, "deepkeygen %s: %s\n", command, error->message);
  g_error_free (error);
  return code;
}

/** dkg_cli_usage_error: prints a usage problem. Returns: 2 */
int
dkg_cli_usage_error (const char *command, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "deepkeygen %s: %s\nTry “deepkeygen %s --help”.\n", command, msg, command);
  return DKG_EXIT_USAGE;
}

/**
 * dkg_cli_same_file:
 * @a: a file name from the command line
 * @b: another
 *
 * Whether writing @b would write over @a: the same path however spelt ("./x.png" and "x.png"),
 * or two names of one file (a hard or symbolic link). Commands refuse such an output
 * (docs/SPECIFICATION.md §10: no input is ever modified).
 *
 * Returns: %TRUE if @a and @b are the same file
 */
gboolean
dkg_cli_same_file (const char *a, const char *b)
{
  g_autoptr(GFile) fa = g_file_new_for_commandline_arg (a);
  g_autoptr(GFile) fb = g_file_new_for_commandline_arg (b);

  return g_file_equal (fa, fb) || dkg_file_is_same (a, b);
}

/**
 * dkg_cli_parse:
 * @ctx: the option context
 * @command: subcommand name
 * @argc: (inout): arguments
 * @argv: (inout): arguments
 * @exit_code: (out): set when parsing fails
 *
 * Returns: %FALSE (with *@exit_code = 2 and a message) on a bad option
 */
gboolean
dkg_cli_parse (GOptionContext *ctx, const char *command, int *argc, char ***argv,
               int *exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      *exit_code = dkg_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
dkg_cli_is_tty (void)
{
  return isatty (STDERR_FILENO);
}

/** dkg_cli_progress: rewrites the progress line on stderr (only on a terminal). */
void
dkg_cli_progress (const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  if (!dkg_cli_is_tty ())
    return;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "\r\033[K%s", msg);
  fflush (stderr);
  progress_shown = TRUE;
}

/** dkg_cli_progress_done: ends a progress line. */
void
dkg_cli_progress_done (void)
{
  if (progress_shown)
    fputc ('\n', stderr);
  progress_shown = FALSE;
}

static gboolean
quit_loop_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/**
 * dkg_cli_quit_loop_from_thread:
 * @loop: a loop of the default main context, run by the main thread
 *
 * Quits @loop from a worker thread through an idle source of the default context: a
 * g_main_loop_quit() that ran before the main thread reached g_main_loop_run() would be lost
 * and the command would hang (a worker that fails at once).
 */
void
dkg_cli_quit_loop_from_thread (GMainLoop *loop)
{
  g_idle_add (quit_loop_cb, loop);
}

/** dkg_cli_format_seconds: Returns: (transfer full): "12 s", "3:05", "1:02:03" */
char *
dkg_cli_format_seconds (double s)
{
  long t = s > 0 && s < 1e9 ? (long) (s + 0.5) : 0;

  if (t < 60)
    return g_strdup_printf ("%ld s", t);
  if (t < 3600)
    return g_strdup_printf ("%ld:%02ld", t / 60, t % 60);
  return g_strdup_printf ("%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
}

/** dkg_cli_default_model: Returns: (transfer full) (nullable): a shipped model's path */
char *
dkg_cli_default_model (const char *name)
{
  g_autofree char *rel = g_strdup_printf ("model/%s.safetensors", name);
  return dkg_data_find (rel);
}

/** dkg_cli_parse_size: "WxH" or "W×H". Returns: %FALSE when malformed */
gboolean
dkg_cli_parse_size (const char *text, guint *width, guint *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit_set (text, "xX", 2);
  if (g_strv_length (parts) != 2)
    {
      g_strfreev (parts);
      parts = g_strsplit (text, "×", 2);
      if (g_strv_length (parts) != 2)
        return FALSE;
    }
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 32768, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 32768, &h, NULL))
    return FALSE;
  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Images, files and subcommands shared by several commands. */

static gboolean
parse_slice (const char *text, DkgImageLoadOptions *opts, GError **error)
{
  g_auto(GStrv) parts = NULL;
  gint64 index;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ":", 2);
  if (g_strv_length (parts) != 2 || strlen (parts[0]) != 1 || strchr ("xyz", parts[0][0]) == NULL
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT32, &index, NULL))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "--slice must be AXIS:INDEX with AXIS x, y or z, e.g. z:77; not “%s”", text);
      return FALSE;
    }
  opts->slice_axis = parts[0][0] - 'x';
  opts->slice_index = (int) index;
  return TRUE;
}

/**
 * dkg_cli_load_image:
 * @path: an image file
 * @frame: the --frame option: a DICOM frame, 1 or more; 0: the first
 * @slice: (nullable): the --slice option, "AXIS:INDEX" with AXIS x, y or z (a NIfTI slice);
 *   %NULL: the middle axial one
 * @error: return location for a #GError
 *
 * dkg_image_load() with the options of keygen and encrypt.
 *
 * Returns: (transfer full): the image, or %NULL with the loader's error or
 *   %DKG_ERROR_INVALID_ARGUMENT for a malformed @slice
 */
DkgImage *
dkg_cli_load_image (const char *path, int frame, const char *slice, GError **error)
{
  DkgImageLoadOptions opts = { 0, 2, -1 };

  if (frame > 0)
    opts.frame = (guint) frame;
  if (!parse_slice (slice, &opts, error))
    return NULL;
  return dkg_image_load (path, &opts, error);
}

/**
 * dkg_cli_describe_image:
 * @image: an image
 * @with_format: also name its source format
 *
 * Returns: (transfer full): e.g. "128×128, 1 channel, 16-bit signed, dicom"
 */
char *
dkg_cli_describe_image (const DkgImage *image, gboolean with_format)
{
  const char *format = with_format ? image->source_format : NULL;

  return g_strdup_printf ("%u×%u, %u channel%s, %u-bit%s%s%s", image->width, image->height,
                          image->channels, image->channels == 1 ? "" : "s", image->bit_depth,
                          image->is_signed ? " signed" : "", format != NULL ? ", " : "",
                          format != NULL ? format : "");
}

/**
 * dkg_cli_run_subcommand:
 * @command: the command, e.g. "stego"
 * @subs: (array length=n_subs): its subcommands
 * @n_subs: their number
 * @about: one line on the command, for its usage
 * @argc: arguments after "deepkeygen"
 * @argv: argv[0] = @command, argv[1] the subcommand
 *
 * Runs the subcommand argv[1] names, or prints the usage (on stdout for --help, -h or help).
 *
 * Returns: the subcommand's exit status, 0 for help, 2 for a missing or unknown subcommand
 */
int
dkg_cli_run_subcommand (const char *command, const DkgCliSubcommand *subs, guint n_subs,
                        const char *about, int argc, char **argv)
{
  gboolean help = argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
                                || strcmp (argv[1], "help") == 0);

  if (argc >= 2 && !help)
    for (guint i = 0; i < n_subs; i++)
      if (strcmp (argv[1], subs[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("deepkeygen %s %s", command, subs[i].name);

          g_set_prgname (prgname);
          return subs[i].func (argc - 1, argv + 1);
        }
  if (argc >= 2 && !help)
    fprintf (stderr, "deepkeygen %s: unknown subcommand “%s”\n\n", command, argv[1]);
  fprintf (help ? stdout : stderr, "Usage: deepkeygen %s SUBCOMMAND [OPTIONS…]\n\n%s\n\n"
           "Subcommands:\n", command, about);
  for (guint i = 0; i < n_subs; i++)
    fprintf (help ? stdout : stderr, "  %-9s %s\n", subs[i].name, subs[i].summary);
  fprintf (help ? stdout : stderr, "\n“deepkeygen %s SUBCOMMAND --help” describes a subcommand.\n",
           command);
  return help ? DKG_EXIT_OK : DKG_EXIT_USAGE;
}

/** dkg_cli_print_json: prints the document @b holds, indented, on stdout. */
void
dkg_cli_print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

/** dkg_cli_json_number: adds member @name = @v, or null when @v is NaN or infinite. */
void
dkg_cli_json_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

/** dkg_cli_json_int: adds member @name = @v. */
void
dkg_cli_json_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}
