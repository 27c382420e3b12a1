namespace PluggableDmaBuf.Pipeline;

/// <summary>
/// A stage's declared values, one row of one entry per frame each, made up front so that
/// <see cref="Record"/> allocates nothing; it checks what every <see cref="IStageContext.Record"/>
/// must: the value is declared and the frame inside the run. Shared by the host's stage context and
/// the test kit's (linked into both, as neither may reference the other), so a stage is held to the
/// same rule in a test as in a run. Not synchronised: a stage records from its own thread.
/// </summary>
internal sealed class StageValueRows
{
    private const long Unset = long.MinValue;
    private readonly string _stageId;
    private readonly long[][] _rows;

    public StageValueRows(PipelineStage stage, int frames)
    {
        _stageId = stage.Id;
        Frames = frames;
        Values = [.. stage.Values];
        _rows = new long[Values.Count][];
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = new long[frames];
            Array.Fill(_rows[i], Unset);
        }
    }

    /// <summary>The stage's declared values, read once: the rows follow this order.</summary>
    public IReadOnlyList<StageValue> Values { get; }

    public int Frames { get; }

    /// <exception cref="ArgumentException">The frame is outside the run, or the value is not declared.</exception>
    public void Record(StageValue value, int frame, long number)
    {
        ArgumentNullException.ThrowIfNull(value);
        if ((uint)frame >= (uint)Frames)
        {
            throw new ArgumentException($"{_stageId} recorded {value.Name} for frame {frame}, outside 0 to {Frames - 1}", nameof(frame));
        }

        for (var i = 0; i < _rows.Length; i++)
        {
            if (ReferenceEquals(Values[i], value))
            {
                _rows[i][frame] = number;
                return;
            }
        }

        throw new ArgumentException($"{_stageId} recorded '{value.Name}', which it does not declare in Values", nameof(value));
    }

    /// <summary>The value recorded for <paramref name="index"/> of <see cref="Values"/> at <paramref name="frame"/>, or <c>null</c>.</summary>
    public long? At(int index, int frame) => _rows[index][frame] is var number && number != Unset ? number : null;
}
