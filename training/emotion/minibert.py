"""A minimal BERT encoder + classification head that loads all-MiniLM-L6-v2's safetensors.

Written out (about 80 lines) instead of using transformers so that training can split the
network at a layer boundary: the frozen bottom layers run once over the corpus and are
cached, and only the top layers are trained. The same module is exported to ONNX.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional as F


class Layer(nn.Module):
    """Post-LN transformer block with BERT's layout (names map 1:1 to the checkpoint)."""

    def __init__(self, d: int, heads: int, ff: int, p: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.fc1, self.fc2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.drop = nn.Dropout(p)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        dh = d // self.heads

        def split(z: torch.Tensor) -> torch.Tensor:
            return z.view(b, t, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh) + bias, dim=-1)
        ctx = (self.drop(att) @ v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.fc2(F.gelu(self.fc1(x)))))


class EmotionNet(nn.Module):
    """Embeddings, 6 layers, attention-masked mean pooling (as the base model), linear head."""

    def __init__(
        self,
        n_labels: int,
        vocab: int = 30522,
        d: int = 384,
        n_layers: int = 6,
        heads: int = 12,
        ff: int = 1536,
        max_pos: int = 512,
        p: float = 0.1,
    ) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(max_pos, d)
        self.type0 = nn.Parameter(torch.zeros(d))
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList(Layer(d, heads, ff, p) for _ in range(n_layers))
        self.drop = nn.Dropout(p)
        self.head = nn.Linear(d, n_labels)

    @staticmethod
    def attn_bias(mask: torch.Tensor) -> torch.Tensor:
        return (1.0 - mask[:, None, None, :].float()) * -10000.0

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)
        return self.drop(self.ln(self.word(ids) + self.pos(pos)[None] + self.type0))

    def run_layers(
        self, x: torch.Tensor, mask: torch.Tensor, start: int, stop: int
    ) -> torch.Tensor:
        bias = self.attn_bias(mask)
        for layer in self.layers[start:stop]:
            x = layer(x, bias)
        return x

    def classify(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(pooled))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = self.run_layers(self.embed(input_ids), attention_mask, 0, len(self.layers))
        return self.classify(x, attention_mask)

    def load_base(self, safetensors_path: Path) -> None:
        """Copy the pretrained BERT weights in; the head keeps its fresh initialisation."""
        src = load_file(str(safetensors_path))
        own = {
            "word.weight": "embeddings.word_embeddings.weight",
            "pos.weight": "embeddings.position_embeddings.weight",
            "ln.weight": "embeddings.LayerNorm.weight",
            "ln.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "q": "attention.self.query",
            "k": "attention.self.key",
            "v": "attention.self.value",
            "o": "attention.output.dense",
            "ln1": "attention.output.LayerNorm",
            "fc1": "intermediate.dense",
            "fc2": "output.dense",
            "ln2": "output.LayerNorm",
        }
        for i in range(len(self.layers)):
            for mine, theirs in parts.items():
                for w in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{w}"] = f"encoder.layer.{i}.{theirs}.{w}"
        state = {k: src[v] for k, v in own.items()}
        state["type0"] = src["embeddings.token_type_embeddings.weight"][0]
        missing, _ = self.load_state_dict(state, strict=False)
        assert set(missing) == {"head.weight", "head.bias"}, missing
