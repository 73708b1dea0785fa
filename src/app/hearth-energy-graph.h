/* hearth-energy-graph.h: a reading's power over time, drawn as a graph
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hearth-engine.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_ENERGY_GRAPH (hearth_energy_graph_get_type ())

G_DECLARE_FINAL_TYPE (HearthEnergyGraph, hearth_energy_graph, HEARTH, ENERGY_GRAPH, GtkWidget)

GtkWidget  *hearth_energy_graph_new         (void);
/* Shows @points (HearthHistoryPoint, oldest first; copied) from @from to
 * @to (Unix seconds), each @step seconds long (a gap where one is
 * missing), of @unit ("W"). The accessible description is the summary
 * ("Average 42 W, peak 1.2 kW at 19:04"), or "No readings yet". */
void        hearth_energy_graph_set_points  (HearthEnergyGraph *self,
                                             GArray            *points,
                                             gint64             from,
                                             gint64             to,
                                             gint64             step,
                                             const char        *unit);
/* The summary (NULL when there are no points) */
const char *hearth_energy_graph_get_summary (HearthEnergyGraph *self);

G_END_DECLS
