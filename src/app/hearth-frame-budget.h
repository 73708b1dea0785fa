/* hearth-frame-budget.h: how many widgets a frame may build; what is left
 * over waits, in order, for the next frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _HearthFrameBudget HearthFrameBudget;

/* Builds what @waiting needs; FALSE if it must wait again */
typedef gboolean (*HearthFrameBudgetBuild) (gpointer waiting,
                                            gpointer user_data);

/* Up to @per_frame a frame of @widget's frame clock (no limit while it
 * has none); what waits is built from @widget's tick callback by @build */
HearthFrameBudget *hearth_frame_budget_new    (GtkWidget              *widget,
                                               guint                   per_frame,
                                               HearthFrameBudgetBuild  build,
                                               gpointer                user_data);
void               hearth_frame_budget_free   (HearthFrameBudget      *self);
/* Whether @n more may be built in this frame (then they are counted) */
gboolean           hearth_frame_budget_take   (HearthFrameBudget      *self,
                                               guint                   n);
/* @waiting is built in a later frame (once, however often it asks) */
void               hearth_frame_budget_wait   (HearthFrameBudget      *self,
                                               gpointer                waiting);
/* @waiting is no longer to be built (built, or gone) */
void               hearth_frame_budget_forget (HearthFrameBudget      *self,
                                               gpointer                waiting);
/* Builds everything waiting now, without limit */
void               hearth_frame_budget_flush  (HearthFrameBudget      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HearthFrameBudget, hearth_frame_budget_free)

G_END_DECLS
