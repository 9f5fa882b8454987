#!/usr/bin/env python3
"""Writes the shipped table specs: the paper's Tables I-V for each dataset and Table VI for CMU-MOSI (run from the
repository root).

Table I uses the paper's methods and the variants this framework ships, Table II the "*" setting (unimodal losses
on), Tables III/IV RedReg's ablations, Table V methods x fusions, Table VI the CMU-MOSI comparison. Re-learning and
G-Blending rows carve a validation part out of the training split (their methods need one).
"""
import os

ROWS1 = [("Joint", "{regulator.name: joint}"),
         ("OGM", "{regulator.name: ogm-ge, regulator.ge: false}"),
         ("OGM-GE", "{regulator.name: ogm-ge}"),
         ("Greedy", "{regulator.name: greedy, fusion.name: mmtm}"),
         ("PMR", "{regulator.name: pmr}"),
         ("AGM", "{regulator.name: agm}"),
         ("DRBML", "{regulator.name: drbml, training.validation: 0.1}"),
         ("InfoReg", "{regulator.name: inforeg}"),
         ("InfoReg (code)", "{regulator.name: inforeg, regulator.variant: reference-code}"),
         ("RedReg (code)", "{regulator.name: redreg, regulator.variant: reference-code}"),
         ("RedReg W/o gate", "{regulator.name: redreg, regulator.gate: false}"),
         ("RedReg", "{regulator.name: redreg}")]
ROWS2 = [("Joint*", "{regulator.name: joint}"), ("OGM-GE*", "{regulator.name: ogm-ge}"),
         ("G-Blending", "{regulator.name: g-blending, training.validation: 0.1}"),
         ("MMPareto", "{regulator.name: mmpareto}"),
         ("InfoReg*", "{regulator.name: inforeg}"), ("RedReg*", "{regulator.name: redreg}")]
ROWS6 = [("Joint", "{regulator.name: joint}"), ("OGM", "{regulator.name: ogm-ge, regulator.ge: false}"),
         ("PMR", "{regulator.name: pmr}"), ("AGM", "{regulator.name: agm}"),
         ("InfoReg", "{regulator.name: inforeg}"), ("RedReg", "{regulator.name: redreg}")]
ABL = [("Joint", "{regulator.name: joint}"),
       ("W/o Redundant Phase Monitor", "{regulator.name: redreg, regulator.monitor: false}"),
       ("W/o Co-info Gating", "{regulator.name: redreg, regulator.gate: false}"),
       ("RedReg", "{regulator.name: redreg}")]
# Table B, the field: RedReg, InfoReg and every other method redreg ships, one shared schedule, multimodal loss only
# (a row whose method needs unimodal losses says so). Blocks per contributor, so they merge without conflicts.
FIELD_ROWS = [("Joint", "{regulator.name: joint}"),
              ("OGM-GE", "{regulator.name: ogm-ge}"),
              ("Greedy", "{regulator.name: greedy, fusion.name: mmtm}"),
              ("PMR", "{regulator.name: pmr}"),
              ("AGM", "{regulator.name: agm}"),
              ("DRBML", "{regulator.name: drbml, training.validation: 0.1}"),
              ("G-Blending", "{regulator.name: g-blending, training.validation: 0.1}"),
              ("MMPareto", "{regulator.name: mmpareto, losses.unimodal: true}"),
              ("InfoReg", "{regulator.name: inforeg}"),
              ("RedReg", "{regulator.name: redreg}")]
# BalanceBenchmark's methods, part 1 (issue 21)
FIELD_ROWS_METHODS1 = [("MMCosine", "{regulator.name: joint, fusion.name: mmcosine}"),
                       ("CML", "{regulator.name: cml}"),
                       ("OGM (TPAMI)", "{regulator.name: ogm-tpami}"),
                       ("OPM", "{regulator.name: opm}"),
                       ("UMT", "{regulator.name: umt}"),
                       ("UME", "{regulator.name: ume}"),
                       ("Linear probe", "{regulator.name: linear-probe}")]
# BalanceBenchmark's methods, part 2 (issue 21)
FIELD_ROWS_METHODS2 = [("Valuation", "{regulator.name: valuation}"),
                       ("MBSD", "{regulator.name: mbsd}"),
                       ("MLA", "{regulator.name: mla, fusion.name: shared-head}"),
                       ("AMCo", "{regulator.name: amco}")]
# issue 21, part 3
FIELD_ROWS_METHODS3 = [("ReconBoost", "{regulator.name: reconboost}"), ("LFM", "{regulator.name: lfm}")]
FUS_ROWS = [("Joint", "{regulator.name: joint}"), ("InfoReg", "{regulator.name: inforeg}"),
            ("RedReg", "{regulator.name: redreg}")]
FUS_COLS = [("Concatenation", "{fusion.name: concat}"), ("Summation", "{fusion.name: sum}"),
            ("FiLM", "{fusion.name: film}"), ("Gated", "{fusion.name: gated}")]


def spec(dataset, base, extra, short, title, rows, unimodal, columns=None, parallel=2):
    o = ["losses.unimodal=%s" % ("true" if unimodal else "false")] + extra
    s = "# %s\n# Run: ./redreg table tables/%s/%s.yaml\n" % (title, dataset, short)
    s += "name: %s-%s\ntitle: \"%s\"\nbase: %s\noverrides: [%s]\nseeds: [1, 2, 3]\nbaseline: \"%s\"\nrows:\n" % (
        dataset, short, title, base, ", ".join(o), rows[0][0])
    for label, st in rows:
        s += "  - {label: \"%s\", set: %s}\n" % (label, st)
    if columns:
        s += "columns:\n"
        for label, st in columns:
            s += "  - {label: \"%s\", set: %s}\n" % (label, st)
    return s + "parallel: %d\nthreadsPerRun: 1\n" % parallel


def write(dataset, base, extra, parallel=2, reinit_epoch=None):
    """reinit_epoch: Re-learning's re-init period scaled to a short schedule (its default, 20, suits 90 epochs)."""
    os.makedirs("tables/" + dataset, exist_ok=True)
    star = [(l + ("*" if l in ("Joint", "RedReg") else ""), s) for l, s in ABL]
    rows1 = ROWS1
    if reinit_epoch is not None:
        rows1 = [(l, s.replace("drbml,", "drbml, regulator.reinitEpoch: %d," % reinit_epoch)) for l, s in ROWS1]
    field = FIELD_ROWS + FIELD_ROWS_METHODS1 + FIELD_ROWS_METHODS2 + FIELD_ROWS_METHODS3
    if reinit_epoch is not None:
        field = [(l, s.replace("drbml,", "drbml, regulator.reinitEpoch: %d," % reinit_epoch)) for l, s in field]
    if dataset == "cmu-mosi":
        rows1 = [(l, s) for l, s in rows1 if l != "Greedy"]   # Greedy is defined for two modalities; MOSI has three
        field = [(l, s) for l, s in field if l != "Greedy"]
    files = {
        "table1": (rows1, False, None, "Table I (%s): multimodal loss only"),
        "table2": (ROWS2, True, None, "Table II (%s): unimodal and multimodal losses"),
        "table3": (ABL, False, None, "Table III (%s): RedReg ablation, multimodal loss only"),
        "table4": (star, True, None, "Table IV (%s): RedReg ablation, unimodal and multimodal losses"),
        "table5": (FUS_ROWS, False, FUS_COLS, "Table V (%s): fusion methods"),
        "tableB": (field, False, None, "Table B (%s): the field, every method on one schedule"),
    }
    if dataset == "cmu-mosi":
        files["table6"] = (ROWS6, False, None, "Table VI (%s): comparison on CMU-MOSI")
    for short, (rows, unimodal, columns, title) in files.items():
        with open("tables/%s/%s.yaml" % (dataset, short), "w") as f:
            f.write(spec(dataset, base, extra, short, title % dataset, rows, unimodal, columns, parallel))


# Regression (issue 19): the methods that accept a real target (RegulatorProvider.supports); the others refuse it
ROWS_REG = [("Joint", "{regulator.name: joint}"), ("Joint*", "{regulator.name: joint, losses.unimodal: true}"),
            ("G-Blending", "{regulator.name: g-blending, training.validation: 0.1}"),
            ("MMPareto", "{regulator.name: mmpareto, losses.unimodal: true}"),
            ("UMT", "{regulator.name: umt}"), ("Linear probe", "{regulator.name: linear-probe}")]


def regression(dataset, base, extra, singles=(), parallel=1):
    """A regression table: MAE, MSE, Corr (and on CMU-MOSI Acc-2, Acc-7) per method; lower MAE is better."""
    title = "Regression (%s): the methods defined for a real target" % dataset
    s = "# %s\n# Run: ./redreg table tables/%s/regression.yaml\n" % (title, dataset)
    s += "name: %s-regression\ntitle: \"%s\"\nbase: %s\noverrides: [%s]\nseeds: [1, 2, 3]\nbaseline: \"Joint\"\nrows:\n" % (
        dataset, title, base, ", ".join(['"%s"' % o for o in extra]))
    for label, st in list(singles) + ROWS_REG:
        s += "  - {label: \"%s\", set: %s}\n" % (label, st)
    with open("tables/%s/regression.yaml" % dataset, "w") as f:
        f.write(s + "parallel: %d\nthreadsPerRun: 1\n" % parallel)


def do_no_harm(dataset, base, extra, singles, reinit_epoch, parallel=1):
    """Do no harm (issue 23): one modality without signal; every method against the best single modality (the report
    marks each row more than 2 points below it). singles: the single-modality rows."""
    field = [(l, s.replace("drbml,", "drbml, regulator.reinitEpoch: %d," % reinit_epoch))
             for l, s in FIELD_ROWS + FIELD_ROWS_METHODS1 + FIELD_ROWS_METHODS2 + FIELD_ROWS_METHODS3]
    rows = singles + field
    title = "Do no harm (%s): one modality without signal, every method against the best single modality" % dataset
    s = "# %s\n# Run: ./redreg table tables/%s/do-no-harm.yaml\n" % (title, dataset)
    s += "name: %s-do-no-harm\ntitle: \"%s\"\nbase: %s\noverrides: [%s]\nseeds: [1, 2, 3]\nbaseline: \"%s\"\nrows:\n" % (
        dataset, title, base, ", ".join(['"%s"' % o for o in ["losses.unimodal=false"] + extra]), singles[0][0])
    for label, st in rows:
        s += "  - {label: \"%s\", set: %s}\n" % (label, st)
    with open("tables/%s/do-no-harm.yaml" % dataset, "w") as f:
        f.write(s + "parallel: %d\nthreadsPerRun: 1\n" % parallel)


if __name__ == "__main__":
    write("synthetic", "../../experiments/synthetic.yaml", ["training.epochs=6"], reinit_epoch=2)
    # av-digits: one shared schedule of 20 epochs for every row (10 left RedReg's warm-up and monitor barely acting)
    write("av-digits", "../../experiments/av-digits.yaml", ["training.epochs=20"], reinit_epoch=5)
    # The paper's datasets: set task.path in the experiment files (or in `overrides`); GPU-sized runs.
    for dataset in ("crema-d", "kinetics-sounds", "cmu-mosi"):
        write(dataset, "../../experiments/%s.yaml" % dataset, [], parallel=1)
    # Do no harm: synthetic with audio at zero signal; av-digits with the audio replaced by noise (task.noise)
    do_no_harm("synthetic", "../../experiments/synthetic.yaml",
               ["task.modalities=[{name: audio, shape: [32], signal: 0.0}, {name: visual, shape: [32], signal: 2.0}]",
                "training.epochs=6"],
               [("Visual only", "{task.use: [visual]}"), ("Audio only", "{task.use: [audio]}")], reinit_epoch=2)
    regression("synthetic", "../../experiments/synthetic-regression.yaml", ["training.epochs=6"],
               [("Audio only", "{task.use: [audio]}"), ("Visual only", "{task.use: [visual]}")], parallel=2)
    regression("cmu-mosi", "../../experiments/cmu-mosi-regression.yaml", [])
    do_no_harm("av-digits", "../../experiments/av-digits.yaml",
               ["task.noise=[audio]", "optimizer.lr=0.01", "training.epochs=10"],
               [("Visual only", "{task.modalities: [visual], model.encoders: null}")], reinit_epoch=3)
