#!/usr/bin/env python3
"""Reference all-MiniLM-L6-v2 forward pass in numpy (independent of the Swift code).

Used two ways:
  minilm_numpy.py embed MODEL_DIR "sentence" ...   -> prints token ids and the embedding (needs `tokenizers`)
  minilm_numpy.py bench MODEL_DIR --tokens 32 --batch 32 --seconds 10
                                                   -> prints `RESULT {"sentences_per_s": ...}` (numpy only)
The safetensors file is parsed by hand (8-byte little-endian header length, JSON header, raw data) so that
the benchmark needs nothing beyond numpy.
"""
import json, math, struct, sys, time
import numpy as np

MAX_TOKENS = 256


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": np.float32, "I64": np.int64}[meta["dtype"]]
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype=dtype).reshape(meta["shape"])
    return out


class MiniLM:
    def __init__(self, model_dir):
        self.cfg = json.load(open(f"{model_dir}/config.json"))
        w = load_safetensors(f"{model_dir}/model.safetensors")
        self.w = w
        self.layers = []
        for i in range(self.cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            g = lambda s: w[p + s]
            self.layers.append(dict(
                # Q, K, V fused into one (384, 1152) matrix: one GEMM instead of three, as the Swift code does.
                wqkv=np.ascontiguousarray(np.concatenate([g("attention.self.query.weight"),
                                                          g("attention.self.key.weight"),
                                                          g("attention.self.value.weight")]).T),
                bqkv=np.concatenate([g("attention.self.query.bias"), g("attention.self.key.bias"),
                                     g("attention.self.value.bias")]),
                wo=np.ascontiguousarray(g("attention.output.dense.weight").T), bo=g("attention.output.dense.bias"),
                ln1g=g("attention.output.LayerNorm.weight"), ln1b=g("attention.output.LayerNorm.bias"),
                wi=np.ascontiguousarray(g("intermediate.dense.weight").T), bi=g("intermediate.dense.bias"),
                wf=np.ascontiguousarray(g("output.dense.weight").T), bf=g("output.dense.bias"),
                ln2g=g("output.LayerNorm.weight"), ln2b=g("output.LayerNorm.bias"),
            ))

    @staticmethod
    def layer_norm(x, g, b, eps=1e-12):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * g + b

    @staticmethod
    def gelu(x):  # exact (erf) GELU, as BERT's "gelu"
        from math import sqrt
        return 0.5 * x * (1.0 + _erf(x / np.float32(sqrt(2.0))))

    def forward(self, ids, mask):
        """ids, mask: (B, T) int arrays. Returns (B, 384) L2-normalised mean-pooled embeddings."""
        w, cfg = self.w, self.cfg
        B, T = ids.shape
        H, nh = cfg["hidden_size"], cfg["num_attention_heads"]
        dh = H // nh
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self.layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]).reshape(B * T, H)
        bias = ((1.0 - mask.astype(np.float32)) * np.float32(-1e9))[:, None, None, :]  # (B,1,1,T)
        scale = np.float32(1.0 / math.sqrt(dh))
        for L in self.layers:
            qkv = x @ L["wqkv"] + L["bqkv"]
            q, k, v = [qkv[:, i * H:(i + 1) * H].reshape(B, T, nh, dh).transpose(0, 2, 1, 3) for i in range(3)]
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B * T, H)
            x = self.layer_norm(ctx @ L["wo"] + L["bo"] + x, L["ln1g"], L["ln1b"])
            h = self.gelu(x @ L["wi"] + L["bi"])
            x = self.layer_norm(h @ L["wf"] + L["bf"] + x, L["ln2g"], L["ln2b"])
        x = x.reshape(B, T, H)
        m = mask.astype(np.float32)[:, :, None]
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _erf(x):
    try:
        from scipy.special import erf
        return erf(x).astype(np.float32)
    except ImportError:
        return np.vectorize(math.erf, otypes=[np.float32])(x) if x.size < 4096 else _erf_poly(x)


def _erf_poly(x):
    # Abramowitz-Stegun 7.1.26 is only 1.5e-7 accurate; good enough for the benchmark's timing, not for
    # reference vectors (those go through math.erf above, since reference batches are small).
    s = np.sign(x); a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return (s * y).astype(np.float32)


def embed(model_dir, sentences):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_truncation(); tok.no_padding()
    model = MiniLM(model_dir)
    for s in sentences:
        ids = tok.encode(s).ids
        if len(ids) > MAX_TOKENS:
            ids = ids[:MAX_TOKENS - 1] + [ids[-1]]
        e = model.forward(np.array([ids]), np.ones((1, len(ids)), dtype=np.int64))[0]
        print(json.dumps({"text": s, "ids": ids, "embedding": [round(float(v), 7) for v in e]}))


def bench(model_dir, tokens, batch, seconds):
    model = MiniLM(model_dir)
    rng = np.random.default_rng(42)
    ids = rng.integers(1000, 30000, size=(batch, tokens))
    ids[:, 0], ids[:, -1] = 101, 102
    mask = np.ones_like(ids)
    model.forward(ids, mask)  # warm-up
    times = []
    cpu0 = time.process_time()
    t_end = time.perf_counter() + seconds
    while time.perf_counter() < t_end or len(times) < 3:
        t0 = time.perf_counter(); model.forward(ids, mask); times.append(time.perf_counter() - t0)
    cpu = (time.process_time() - cpu0) / len(times)
    med = sorted(times)[len(times) // 2]
    print("RESULT " + json.dumps({"impl": "numpy", "batches": len(times), "median_batch_s": med,
                                  "cpu_s_per_batch": cpu,
                                  "sentences_per_s": batch / med}))


if __name__ == "__main__":
    cmd, model_dir = sys.argv[1], sys.argv[2]
    if cmd == "embed":
        embed(model_dir, sys.argv[3:])
    elif cmd == "bench":
        import argparse
        ap = argparse.ArgumentParser()
        ap.add_argument("--tokens", type=int, default=32); ap.add_argument("--batch", type=int, default=32)
        ap.add_argument("--seconds", type=float, default=10)
        a = ap.parse_args(sys.argv[3:])
        bench(model_dir, a.tokens, a.batch, a.seconds)
    else:
        sys.exit(f"unknown command {cmd}")
