namespace PluggableDmaBuf;

/// <summary>
/// What flows on a link apart from its memory format: the frame size and typed stream properties. A
/// stage with an output says what it produces from what it receives
/// (<see cref="PipelineStage.ResolveOutput"/>); the host combines it with the format and modifier the
/// link negotiates into <see cref="LinkCaps"/>.
/// </summary>
/// <remarks>Immutable and validated on construction; use <c>with</c> to derive changed caps (a scaler halves the size).</remarks>
public sealed record StreamCaps
{
    private readonly int _width;
    private readonly int _height;

    /// <summary>Creates the caps.</summary>
    /// <param name="width">Frame width in pixels, 1 to <see cref="BufferRequest.MaxDimension"/>.</param>
    /// <param name="height">Frame height in pixels, 1 to <see cref="BufferRequest.MaxDimension"/>.</param>
    /// <param name="matrix">The colour matrix, if the producer knows it.</param>
    /// <param name="range">The colour range, if the producer knows it.</param>
    /// <exception cref="InvalidConstraintException">A size is out of range.</exception>
    public StreamCaps(int width, int height, ColourMatrix matrix = ColourMatrix.Unspecified, ColourRange range = ColourRange.Unspecified)
    {
        Width = width;
        Height = height;
        Matrix = matrix;
        Range = range;
    }

    /// <summary>Frame width in pixels.</summary>
    /// <exception cref="InvalidConstraintException">Set out of range (1 to <see cref="BufferRequest.MaxDimension"/>).</exception>
    public int Width
    {
        get => _width;
        init => _width = Check(value, "width");
    }

    /// <summary>Frame height in pixels.</summary>
    /// <exception cref="InvalidConstraintException">Set out of range (1 to <see cref="BufferRequest.MaxDimension"/>).</exception>
    public int Height
    {
        get => _height;
        init => _height = Check(value, "height");
    }

    /// <summary>The colour matrix; <see cref="ColourMatrix.Unspecified"/> when the producer does not know it.</summary>
    public ColourMatrix Matrix { get; init; }

    /// <summary>The colour range; <see cref="ColourRange.Unspecified"/> when the producer does not know it.</summary>
    public ColourRange Range { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Width}x{Height}" +
        (Matrix is ColourMatrix.Unspecified ? "" : $", matrix={Matrix.ToString().ToLowerInvariant()}") +
        (Range is ColourRange.Unspecified ? "" : $", range={Range.ToString().ToLowerInvariant()}");

    private static int Check(int value, string property) => value is < 1 or > BufferRequest.MaxDimension
        ? throw new InvalidConstraintException(property, $"{value} is outside 1 to {BufferRequest.MaxDimension}")
        : value;
}
