/* studio-preferences-window.h — preferences, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_PREFERENCES_WINDOW (studio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (StudioPreferencesWindow, studio_preferences_window, STUDIO,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *studio_preferences_window_new (GtkWindow *parent);

G_END_DECLS
