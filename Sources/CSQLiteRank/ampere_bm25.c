#include "csqliterank.h"
#include <math.h>
#include <string.h>

/* BM25 as FTS5's bm25() computes it (k1 = 1.2, b = 0.75, the same IDF floor), with two additions: every phrase
   carries a weight (so a term counted n times is one phrase of weight n instead of n repeated phrases, each with its
   own iterator and IDF scan), and its document frequency comes from the caller (so no phrase doclist is scanned to
   count hits). Arguments: one weight per column, then (weight, document frequency) per phrase, in MATCH order. */
typedef struct AmpereBm25Data {
    int nPhrase;
    double avgdl;
    double *idf;
    double *weight;
    double *columnWeight;
    double *freq;
} AmpereBm25Data;

static void ampere_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                        sqlite3_value **apVal) {
    const double k1 = 1.2, b = 0.75;
    int nPhrase = api->xPhraseCount(fts), nCol = api->xColumnCount(fts);
    if (nVal != nCol + 2 * nPhrase) {
        sqlite3_result_error(ctx, "ampere_bm25: expected a weight per column and (weight, frequency) per phrase", -1);
        return;
    }
    AmpereBm25Data *d = (AmpereBm25Data *)api->xGetAuxdata(fts, 0);
    if (d == 0) {
        sqlite3_int64 nRow = 0, nToken = 0;
        int rc = api->xRowCount(fts, &nRow);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &nToken);
        if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
        size_t bytes = sizeof(AmpereBm25Data) + sizeof(double) * (size_t)(3 * nPhrase + nCol);
        d = (AmpereBm25Data *)sqlite3_malloc64(bytes);
        if (d == 0) { sqlite3_result_error_nomem(ctx); return; }
        memset(d, 0, bytes);
        d->nPhrase = nPhrase;
        d->idf = (double *)&d[1];
        d->weight = &d->idf[nPhrase];
        d->freq = &d->weight[nPhrase];
        d->columnWeight = &d->freq[nPhrase];
        d->avgdl = nRow > 0 ? (double)nToken / (double)nRow : 1.0;
        for (int c = 0; c < nCol; c++) d->columnWeight[c] = sqlite3_value_double(apVal[c]);
        for (int i = 0; i < nPhrase; i++) {
            double hits = (double)sqlite3_value_int64(apVal[nCol + 2 * i + 1]);
            double idf = log(((double)nRow - hits + 0.5) / (hits + 0.5));
            d->idf[i] = idf <= 0.0 ? 1e-6 : idf;
            d->weight[i] = sqlite3_value_double(apVal[nCol + 2 * i]);
        }
        rc = api->xSetAuxdata(fts, d, sqlite3_free);
        if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
    }
    memset(d->freq, 0, sizeof(double) * (size_t)nPhrase);
    int nInst = 0;
    int rc = api->xInstCount(fts, &nInst);
    for (int i = 0; rc == SQLITE_OK && i < nInst; i++) {
        int ip = 0, ic = 0, io = 0;
        rc = api->xInst(fts, i, &ip, &ic, &io);
        if (rc == SQLITE_OK && ic >= 0 && ic < nCol) d->freq[ip] += d->columnWeight[ic];
    }
    int nTok = 0;
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &nTok);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
    double D = (double)nTok, score = 0.0;
    for (int i = 0; i < nPhrase; i++) {
        double f = d->freq[i];
        score += d->weight[i] * d->idf[i] * ((f * (k1 + 1.0)) / (f + k1 * (1.0 - b + b * D / d->avgdl)));
    }
    sqlite3_result_double(ctx, -1.0 * score);
}

int csqliterank_register(sqlite3 *db) {
    /* FTS5 hands out its API through a pointer-typed SQL value (https://sqlite.org/fts5.html, "Extending FTS5"). */
    fts5_api *api = 0;
    sqlite3_stmt *statement = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, 0);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", 0);
        sqlite3_step(statement);
        rc = sqlite3_finalize(statement);
    }
    if (rc != SQLITE_OK) return rc;
    if (api == 0 || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateFunction(api, "ampere_bm25", 0, ampere_bm25, 0);
}
