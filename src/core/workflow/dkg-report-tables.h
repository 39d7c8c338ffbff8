/* dkg-report-tables.h — the contents of `deepkeygen report`'s tables: the paper's analyses on
 * our images and model, our values beside the published ones, with verdicts
 * (docs/SPECIFICATION.md §6, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-analysis.h"
#include "dkg-imitation.h"
#include "dkg-net.h"
#include "dkg-nist.h"
#include "dkg-plot-table.h"

G_BEGIN_DECLS

/**
 * DkgReportSample:
 * @path: the image file
 * @name: its base name
 * @plain: the image
 * @key: the DeepKeyGen key from the image itself as seed, sized for it
 * @key_perturbed: the key from the seed with its first sample + 1
 * @cipher: the xor ciphertext's pixels (with the plaintext's signedness)
 * @decrypted: the ciphertext decrypted again
 * @key_analysis: the key's metrics
 * @pair: plaintext against ciphertext
 * @decrypted_sim: plaintext against the decrypted image
 * @key_diff: NPCR/UACI between @key and @key_perturbed (the paper's Table IV)
 * @key_nist: NIST SP 800-22 on the key's bits
 * @keygen_ms: wall time of the key generation
 *
 * Everything the report computes for one image.
 */
typedef struct
{
  char              *path;
  char              *name;
  DkgImage          *plain;
  DkgImage          *key;
  DkgImage          *key_perturbed;
  DkgImage          *cipher;
  DkgImage          *decrypted;
  DkgImageAnalysis  *key_analysis;
  DkgPairAnalysis   *pair;
  DkgSimilarity      decrypted_sim;
  DkgDifferential    key_diff;
  DkgNistReport     *key_nist;
  double             keygen_ms;
} DkgReportSample;

/**
 * DkgReportTable:
 * @id: the file stem of its CSV, e.g. "table-03-key-entropy"
 * @title: its heading, e.g. "Table III — key entropy"
 * @note: (nullable): what it shows and how, under the table
 * @n_columns: columns
 * @header: (element-type utf8): the @n_columns column headings
 * @cells: (element-type utf8): the cells, row by row
 * @states: (element-type DkgPlotCellState): each cell's state: pass, FAIL, muted ("—", "n/a")
 *   or plain
 *
 * One table of the report as data: the front end writes it as Markdown, CSV or a PDF page.
 */
typedef struct
{
  char       *id;
  char       *title;
  char       *note;
  guint       n_columns;
  GPtrArray  *header;
  GPtrArray  *cells;
  GArray     *states;
} DkgReportTable;

DkgReportSample *dkg_report_sample_compute    (DkgNet                          *generator,
                                               const char                      *path,
                                               GError                         **error);
void             dkg_report_sample_free       (DkgReportSample                 *sample);

guint            dkg_report_table_get_n_rows  (const DkgReportTable            *table);
void             dkg_report_table_free        (DkgReportTable                  *table);
GPtrArray       *dkg_report_tables_compute    (GPtrArray                       *samples,
                                               DkgNet                          *generator,
                                               const char                      *model_path,
                                               gboolean                         with_baselines,
                                               GError                         **error);
DkgReportTable  *dkg_report_table_imitation   (const DkgImitationAttack        *attack,
                                               const DkgImitationTraining      *training);
DkgReportTable  *dkg_report_table_mutual      (const DkgAttackMutualDecryption *mutual,
                                               const char                      *image_name,
                                               const DkgImitationTraining      *training,
                                               int                              n_blocks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgReportSample, dkg_report_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgReportTable, dkg_report_table_free)

G_END_DECLS
