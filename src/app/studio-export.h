/* studio-export.h — figures to PNG, SVG and PDF files; file choosers for saving them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*StudioDrawFunc) (cairo_t  *cr,
                                double    width,
                                double    height,
                                gpointer  user_data);

typedef void (*StudioChooseFunc) (GFile    *file,
                                  gpointer  user_data);

gboolean  studio_export_figure        (const char        *path,
                                       double             width,
                                       double             height,
                                       StudioDrawFunc     draw,
                                       gpointer           user_data,
                                       GError           **error);
void      studio_export_choose_save   (GtkWidget         *parent,
                                       const char        *title,
                                       const char        *folder,
                                       const char        *suggested_name,
                                       gboolean           figure_formats,
                                       StudioChooseFunc   func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy);
void      studio_export_choose_open   (GtkWidget         *parent,
                                       const char        *title,
                                       GtkFileFilter     *filter,
                                       gboolean           folder,
                                       StudioChooseFunc   func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy);

char     *studio_export_file_stem     (const char        *name);
void      studio_export_toast         (GtkWidget         *widget,
                                       const char        *message,
                                       GFile             *file);

G_END_DECLS
