"""Tiny real inputs for lm-evaluation-harness, made locally (nothing is downloaded).

    python toy.py models DIR   three tiny Llama checkpoints DIR/llama-{a,b,c}, written by
                               transformers' save_pretrained with a word-level tokenizer built
                               by `tokenizers` (seeds 1, 2, 3: the same files on every run)
    python toy.py tasks DIR    local lm-eval tasks in DIR, for --include_path DIR:
                               toy_colors, toy_animals (multiple choice) and their group toy
                               (acc, weighted by size); toy_suite (a group without aggregate
                               metric over toy and toy_pro); toy_pro (a group of two generation
                               tasks scored as mmlu_pro is: exact_match, filter custom-extract);
                               toy_nan (a metric that comes out NaN)
    python toy.py check-soup SOUP MODEL:WEIGHT...
                               loads SOUP with AutoModelForCausalLM.from_pretrained and prints, as
                               JSON, how far its weights and its logits on a fixed input are, in
                               units in the last place, from the same weighted average of the
                               models computed in torch (f32: w1*x1, then + w2*x2, ...)
"""

import json
import os
import sys

QUESTIONS = {
    "colors": [
        ("what color is the sky", ["blue", "green", "red"], 0),
        ("what color is the grass", ["red", "green", "yellow"], 1),
        ("what color is the sun", ["green", "blue", "yellow"], 2),
    ],
    "animals": [
        ("which animal barks", ["dog", "cat"], 0),
        ("which animal meows", ["dog", "cat"], 1),
    ],
}
WORDS = (
    "the a is of and to in what which color sky grass sun blue green red yellow answer question "
    "cat dog animal barks meows A B C ( )"
).split()


def models(out):
    import torch
    from tokenizers import Tokenizer, models as tok_models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for word in WORDS:
        vocab.setdefault(word, len(vocab))
    tokenizer = Tokenizer(tok_models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="</s>")
    for name, seed in (("llama-a", 1), ("llama-b", 2), ("llama-c", 3)):
        torch.manual_seed(seed)
        config = LlamaConfig(
            vocab_size=len(vocab), hidden_size=16, intermediate_size=32, num_hidden_layers=2,
            num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=64,
            bos_token_id=1, eos_token_id=2, pad_token_id=2, tie_word_embeddings=False,
        )
        model = LlamaForCausalLM(config).to(torch.float32)
        model.save_pretrained(os.path.join(out, name))
        fast.save_pretrained(os.path.join(out, name))


def yaml(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def data(out, name, rows):
    path = os.path.join(out, f"{name}.jsonl")
    with open(path, "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    # data_files is read relative to the working directory of lm_eval, so the path is absolute.
    return ["dataset_path: json", "dataset_kwargs:", "  data_files:", f"    test: {json.dumps(os.path.abspath(path))}", "test_split: test"]


def tasks(out):
    os.makedirs(out, exist_ok=True)
    for topic, questions in QUESTIONS.items():
        rows = [{"question": q, "choices": c, "answer": a} for q, c, a in questions]
        yaml(os.path.join(out, f"toy_{topic}.yaml"), [
            f"task: toy_{topic}", *data(out, f"toy_{topic}", rows),
            "output_type: multiple_choice",
            'doc_to_text: "question {{question}} answer"',
            'doc_to_choice: "{{choices}}"',
            "doc_to_target: answer",
            "metric_list:", "  - metric: acc", "  - metric: acc_norm",
            "metadata:", "  version: 1.0",
        ])
        # The same questions as generation, scored the way mmlu_pro is.
        letters = [{"question": q + " " + " ".join(f"( {chr(65 + i)} ) {x}" for i, x in enumerate(c)), "answer": chr(65 + a)} for q, c, a in questions]
        yaml(os.path.join(out, f"toy_pro_{topic}.yaml"), [
            f"task: toy_pro_{topic}", *data(out, f"toy_pro_{topic}", letters),
            "output_type: generate_until",
            'doc_to_text: "question {{question}} answer"',
            "doc_to_target: answer",
            "filter_list:", '  - name: "custom-extract"', "    filter:",
            '      - function: "regex"', "        regex_pattern: 'answer is \\(?([ABCDEFGHIJ])\\)?'",
            '      - function: "take_first"',
            "generation_kwargs:", "  until: [question]", "  max_gen_toks: 4", "  do_sample: false",
            "metric_list:", "  - metric: exact_match", "    aggregation: mean", "    higher_is_better: true",
            "metadata:", "  version: 1.0",
        ])
    yaml(os.path.join(out, "toy.yaml"), [
        "group: toy", "task: [toy_colors, toy_animals]",
        "aggregate_metric_list:", "  - metric: acc", "    weight_by_size: true",
        "metadata:", "  version: 1.0",
    ])
    yaml(os.path.join(out, "toy_pro.yaml"), [
        "group: toy_pro", "task: [toy_pro_colors, toy_pro_animals]",
        "aggregate_metric_list:", "  - aggregation: mean", "    metric: exact_match", "    weight_by_size: true", "    filter_list: custom-extract",
        "metadata:", "  version: 1.0",
    ])
    yaml(os.path.join(out, "toy_suite.yaml"), ["group: toy_suite", "task: [toy, toy_pro]", "metadata:", "  version: 1.0"])
    rows = [{"question": q, "choices": c, "answer": a} for q, c, a in QUESTIONS["colors"]]
    yaml(os.path.join(out, "toy_nan.yaml"), [
        "task: toy_nan", *data(out, "toy_nan", rows),
        "output_type: multiple_choice",
        'doc_to_text: "question {{question}} answer"',
        'doc_to_choice: "{{choices}}"',
        "doc_to_target: answer",
        "process_results: !function toy_nan_metric.process",
        "metric_list:", "  - metric: acc", "    aggregation: mean", "    higher_is_better: true",
        "  - metric: undefined", "    aggregation: mean", "    higher_is_better: true",
        "metadata:", "  version: 1.0",
    ])
    with open(os.path.join(out, "toy_nan_metric.py"), "w") as f:
        f.write(
            "import math\n\n\n"
            "def process(doc, results):\n"
            "    # results: one (loglikelihood, is_greedy) per choice\n"
            "    best = max(range(len(results)), key=lambda i: results[i][0])\n"
            "    return {'acc': float(best == doc['answer']), 'undefined': math.nan}\n"
        )


def ulps(a, b):
    """The largest distance between two f32 tensors in units in the last place."""
    import torch

    def ordered(t):
        # f32 bit patterns mapped to integers that are ordered as the floats are.
        bits = t.contiguous().view(torch.int32).to(torch.int64)
        return torch.where(bits < 0, -(bits & 0x7FFFFFFF), bits)

    return int((ordered(a) - ordered(b)).abs().max())


def check_soup(soup, *members):
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    loaded = AutoModelForCausalLM.from_pretrained(soup, dtype=torch.float32)
    parts = []
    for member in members:
        path, weight = member.rsplit(":", 1)
        parts.append((AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).state_dict(), float(weight)))
    total = sum(w for _, w in parts)
    expected = {}
    for name in parts[0][0]:
        acc = None
        for state, weight in parts:
            term = torch.tensor(weight / total, dtype=torch.float32) * state[name]
            acc = term if acc is None else acc + term
        expected[name] = acc
    reference = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    reference.load_state_dict(expected)
    got = loaded.state_dict()
    ids = torch.tensor([[1, 3, 4, 5, 6, 7, 8, 9, 10, 11]])
    with torch.no_grad():
        logits, want = loaded(ids).logits, reference(ids).logits
    print(json.dumps({
        "tensors": len(expected),
        "weightsMaxUlp": max(ulps(got[n], expected[n]) for n in expected),
        "logitsMaxUlp": ulps(logits, want),
        "logitsShape": list(logits.shape),
        # How far the soup is from each member alone: a soup that is one of them would be ~0.
        "logitsMaxUlpToMembers": [ulps(logits, AutoModelForCausalLM.from_pretrained(m.rsplit(":", 1)[0], dtype=torch.float32)(ids).logits.detach()) for m in members],
    }))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"models": models, "tasks": tasks, "check-soup": check_soup}[command](*args)
