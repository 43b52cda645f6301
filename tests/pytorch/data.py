# Reads datasets with the generated train.py's readers. Reads {"train": path of train.py, "jobs":
# [{"data", "shape", "limit", "tests"}]} as JSON on stdin; prints each job's x, y, test x, test y
# (flat; the first "tests" test samples when given) and classes, or the error message of bad data.
import importlib.util
import json
import sys

job_list = json.load(sys.stdin)
spec = importlib.util.spec_from_file_location("train", job_list["train"])
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
out = []
for job in job_list["jobs"]:
    try:
        x, y, tx, ty, classes = train.load_data(job["data"], job.get("limit"), job.get("shape"))
    except train.DataError as e:
        out.append({"error": str(e)})
        continue
    tx, ty = tx[:job.get("tests")], ty[:job.get("tests")]
    out.append({"x": x.reshape(-1).tolist(), "y": y.tolist(), "tx": tx.reshape(-1).tolist(), "ty": ty.tolist(), "classes": classes,
                "shape": list(x.shape[1:])})
json.dump(out, sys.stdout)
