"""r2w's AWS side as code: CloudFormation, the outputs-to-overlay mapping, the cost model."""
