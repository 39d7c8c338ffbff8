/* studio-window.h — the main window: header bar, the four pages, toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "studio-application.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_WINDOW (studio_window_get_type ())

G_DECLARE_FINAL_TYPE (StudioWindow, studio_window, STUDIO, WINDOW, AdwApplicationWindow)

StudioWindow *studio_window_new             (StudioApplication *application);
void          studio_window_open_file       (StudioWindow      *self,
                                             GFile             *file);
void          studio_window_add_model       (StudioWindow      *self,
                                             const char        *path,
                                             gboolean           select);
const char   *studio_window_get_model       (StudioWindow      *self);
gboolean      studio_window_get_stale       (StudioWindow      *self);
void          studio_window_set_visible_page (StudioWindow     *self,
                                             const char        *name);
void          studio_window_show_toast      (StudioWindow      *self,
                                             const char        *message);
void          studio_window_show_error      (StudioWindow      *self,
                                             const char        *heading,
                                             const char        *message);

G_END_DECLS
