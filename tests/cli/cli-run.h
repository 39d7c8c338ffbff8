/* cli-run.h — running the deepkeygen binary from a CLI test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include <glib.h>

G_BEGIN_DECLS

/**
 * CliRun:
 * @status: the exit status, or 128 + the signal that ended the process
 * @out: everything it wrote to standard output
 * @err: everything it wrote to standard error
 */
typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

void cli_run_clear (CliRun      *r);
void cli_run_va    (CliRun      *r,
                    const char  *program,
                    const char  *cwd,
                    char       **envp,
                    va_list      ap);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

G_END_DECLS
