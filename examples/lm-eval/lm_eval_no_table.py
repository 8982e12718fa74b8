"""lm-evaluation-harness's own command line, minus its closing results table.

`lm_eval` prints a Markdown table of the scores after writing the results file; the table needs
`pytablewriter`, and an lm-eval installed without its full dependencies (as from a package mirror
that lacks it) crashes there, with the results already written. This runs the real entry point with
that table switched off. With a complete lm-eval install, run `lm_eval` itself instead.

    python lm_eval_no_table.py --model hf --model_args pretrained=DIR --tasks TASKS --output_path OUT
"""

import lm_eval.utils

# The CLI imports make_table when it prints the table, so replacing it here is enough.
lm_eval.utils.make_table = lambda *args, **kwargs: "(results table not printed: see the results file)"

from lm_eval.__main__ import cli_evaluate  # noqa: E402

if __name__ == "__main__":
    cli_evaluate()
