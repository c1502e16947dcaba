"""The end of a child process's source that starts the app as `bench-app` does, with its ui.app wrapped by
the child's own ``wrap(module)`` (timing marks) as soon as it is imported: shared by the sign-in figures
(bench/bench_app.py) and their instruction count (bench/sign_in_instructions.py).
"""

START_APP_WRAPPED = r"""
class WrapWhenImported:
    def find_spec(self, name, path, target=None):
        if name != "ui.app":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module); wrap(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, WrapWhenImported())
sys.argv = ["bench-app"]
from ui.launcher import main
main()
"""
