<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CommandLine</name>
    <message numerus="yes">
        <location filename="../../app/cli/commandline.cpp" line="+637"/>
        <source>Resuming %n task(s).</source>
        <translation>
            <numerusform>Resuming %n task.</numerusform>
            <numerusform>Resuming %n tasks.</numerusform>
        </translation>
    </message>
</context>
</TS>
