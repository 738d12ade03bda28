# The CDK's in-process standard tests need their pytest options registered at the root.
pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]
