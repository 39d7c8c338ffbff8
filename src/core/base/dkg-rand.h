/* dkg-rand.h — the one random number generator of training and initialisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_RAND_STATE_SIZE: bytes of a serialised #DkgRand state (key, block counter, position). */
#define DKG_RAND_STATE_SIZE 48

typedef struct _DkgRand DkgRand;

DkgRand  *dkg_rand_new_seeded    (guint64 seed);
DkgRand  *dkg_rand_new_secure    (void);
DkgRand  *dkg_rand_copy          (const DkgRand *r);
void      dkg_rand_free          (DkgRand *r);
gboolean  dkg_rand_is_seeded     (const DkgRand *r, guint64 *seed);
void      dkg_rand_bytes         (DkgRand *r, guint8 *out, gsize n);
guint32   dkg_rand_uint32        (DkgRand *r);
guint32   dkg_rand_below         (DkgRand *r, guint32 n);
double    dkg_rand_double        (DkgRand *r);
float     dkg_rand_normal        (DkgRand *r, float mean, float stddev);
void      dkg_rand_get_state     (const DkgRand *r, guint8 state[DKG_RAND_STATE_SIZE]);
void      dkg_rand_set_state     (DkgRand *r, const guint8 state[DKG_RAND_STATE_SIZE]);
void      dkg_chacha20_block     (const guint32 key[8], guint64 counter, guint32 out[16]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgRand, dkg_rand_free)

G_END_DECLS
