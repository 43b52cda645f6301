# What the scripts here share: a generated module imported by its path (once per path), and a
# job's model built from it with an nnspec run's weights loaded.
import importlib.util

_modules = {}


def module(path):
    if path not in _modules:
        spec = importlib.util.spec_from_file_location("m%d" % len(_modules), path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _modules[path] = mod
    return _modules[path]


def loaded(job):
    """The job's module and its model ("model") with the weights of the run folder "run"."""
    mod = module(job["file"])
    return mod, mod.load_nnspec_run(mod.models[job["model"]](), job["run"])
