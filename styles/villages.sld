<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>villages</Name>
    <UserStyle>
      <Name>villages</Name>
      <Title>村庄 Villages</Title>
      <FeatureTypeStyle>
        <Rule><Name>none</Name><Title>未列入 none</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>relocation</ogc:PropertyName><ogc:Literal>none</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill><CssParameter name="fill">#bdbdbd</CssParameter></Fill><Stroke><CssParameter name="stroke">#263238</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></Mark><Size>9</Size></Graphic></PointSymbolizer></Rule>
        <Rule><Name>planned</Name><Title>计划迁并 planned</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>relocation</ogc:PropertyName><ogc:Literal>planned</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill><CssParameter name="fill">#90caf9</CssParameter></Fill><Stroke><CssParameter name="stroke">#263238</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></Mark><Size>9</Size></Graphic></PointSymbolizer></Rule>
        <Rule><Name>started</Name><Title>正在迁并 started</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>relocation</ogc:PropertyName><ogc:Literal>started</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill><CssParameter name="fill">#1e88e5</CssParameter></Fill><Stroke><CssParameter name="stroke">#263238</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></Mark><Size>9</Size></Graphic></PointSymbolizer></Rule>
        <Rule><Name>done</Name><Title>已完成 done</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>relocation</ogc:PropertyName><ogc:Literal>done</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill><CssParameter name="fill">#0d47a1</CssParameter></Fill><Stroke><CssParameter name="stroke">#263238</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></Mark><Size>9</Size></Graphic></PointSymbolizer></Rule>
        <Rule><Name>other</Name><Title>未知 unknown</Title><ElseFilter/><PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName><Fill><CssParameter name="fill">#9e9e9e</CssParameter></Fill><Stroke><CssParameter name="stroke">#263238</CssParameter><CssParameter name="stroke-width">0.8</CssParameter></Stroke></Mark><Size>9</Size></Graphic></PointSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
