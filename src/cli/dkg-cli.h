/* dkg-cli.h — shared parts of the deepkeygen command-line tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/* Exit codes (docs/SPECIFICATION.md §7). */
#define DKG_EXIT_OK       0
#define DKG_EXIT_INTERNAL 1
#define DKG_EXIT_USAGE    2

typedef int (*DkgCliCommandFunc) (int argc, char **argv);

/* A subcommand of a command group (deepkeygen stego embed, deepkeygen rsa wrap…). */
typedef struct
{
  const char        *name;
  DkgCliCommandFunc  func;
  const char        *summary;
} DkgCliSubcommand;

int          dkg_cli_fail           (const char *command, GError *error);
int          dkg_cli_usage_error    (const char *command, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
gboolean     dkg_cli_parse          (GOptionContext *ctx, const char *command, int *argc,
                                     char ***argv, int *exit_code);
gboolean     dkg_cli_same_file      (const char *a, const char *b);
gboolean     dkg_cli_is_tty         (void);
void         dkg_cli_progress       (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
void         dkg_cli_progress_done  (void);
void         dkg_cli_quit_loop_from_thread (GMainLoop *loop);
char        *dkg_cli_format_seconds (double seconds);
char        *dkg_cli_default_model  (const char *name);
gboolean     dkg_cli_parse_size     (const char *text, guint *width, guint *height);
DkgImage    *dkg_cli_load_image     (const char *path, int frame, const char *slice,
                                     GError **error);
char        *dkg_cli_describe_image (const DkgImage *image, gboolean with_format);
int          dkg_cli_run_subcommand (const char *command, const DkgCliSubcommand *subs,
                                     guint n_subs, const char *about, int argc, char **argv);
void         dkg_cli_print_json     (JsonBuilder *b);
void         dkg_cli_json_number    (JsonBuilder *b, const char *name, double v);
void         dkg_cli_json_int       (JsonBuilder *b, const char *name, gint64 v);

int dkg_cli_keygen   (int argc, char **argv);
int dkg_cli_encrypt  (int argc, char **argv);
int dkg_cli_decrypt  (int argc, char **argv);
int dkg_cli_info     (int argc, char **argv);
int dkg_cli_domain   (int argc, char **argv);
int dkg_cli_analyze  (int argc, char **argv);
int dkg_cli_nist     (int argc, char **argv);
int dkg_cli_report   (int argc, char **argv);
int dkg_cli_baselines (int argc, char **argv);
int dkg_cli_attack   (int argc, char **argv);
int dkg_cli_curves   (int argc, char **argv);
int dkg_cli_stego    (int argc, char **argv);
int dkg_cli_rsa      (int argc, char **argv);
DkgImage *dkg_cli_key_from_private (const char *container, const char *priv, GError **error);
int dkg_cli_train    (int argc, char **argv);
int dkg_cli_demo     (int argc, char **argv);

G_END_DECLS
