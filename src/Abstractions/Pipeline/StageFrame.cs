namespace PluggableDmaBuf;

/// <summary>One frame handed to <see cref="PipelineStage.ProcessFrame"/>.</summary>
/// <param name="Index">The frame's index, from 0.</param>
/// <param name="Input">The input buffer (empty for a source).</param>
/// <param name="Output">The output buffer (empty for a sink).</param>
public readonly record struct StageFrame(int Index, StageBuffer Input, StageBuffer Output);
