namespace PluggableDmaBuf;

/// <summary>
/// A named value a stage records for every frame it processes (a display's CRC of a plane, a
/// checksum, a count), declared in <see cref="PipelineStage.Values"/> and recorded with
/// <see cref="IStageContext.Record"/>. The run report lists each as <c>device:stage</c> and the name,
/// with the values in frame order; the summary shows the last one.
/// </summary>
/// <param name="Name">The value's name, for example <c>crc</c>; unique within the stage.</param>
/// <param name="Format">How reports print it.</param>
/// <param name="Description">What it measures, for <c>pdmabuf inspect</c>.</param>
public sealed record StageValue(string Name, StageValueFormat Format, string Description);
