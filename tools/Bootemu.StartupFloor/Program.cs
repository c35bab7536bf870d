// An empty program but for one line of output: its run time is the .NET runtime's start and exit.
Console.Out.Write("floor\n");
