/* cli-run.c — running the deepkeygen binary from a CLI test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/wait.h>

#include "cli-run.h"

/** cli_run_clear: frees the output of @r. */
void
cli_run_clear (CliRun *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/**
 * cli_run_va:
 * @program: the deepkeygen binary
 * @cwd: (nullable): its working folder, %NULL for the test's
 * @envp: (nullable): its environment, %NULL for the test's
 * @ap: the NULL-terminated arguments
 *
 * Runs @program to its end and fills @r; the output goes to the test log.
 */
void
cli_run_va (CliRun *r, const char *program, const char *cwd, char **envp, va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *a;
  int wait_status = 0;

  g_ptr_array_add (args, (gpointer) program);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) a);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (cwd, (char **) args->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}
