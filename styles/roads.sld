<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>roads</Name>
    <UserStyle>
      <Name>roads</Name>
      <Title>道路 Road links</Title>
      <FeatureTypeStyle>
        <Rule><Name>G</Name><Title>国道 national (G)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>G*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#c62828</CssParameter><CssParameter name="stroke-width">3.0</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>S</Name><Title>省道 provincial (S)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>S*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#ef6c00</CssParameter><CssParameter name="stroke-width">2.4</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>X</Name><Title>县道 county (X)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>X*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#8d6e63</CssParameter><CssParameter name="stroke-width">1.6</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>Y</Name><Title>乡道 township (Y)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>Y*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#a1887f</CssParameter><CssParameter name="stroke-width">1.2</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>C</Name><Title>村道 village (C)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>C*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#bcaaa4</CssParameter><CssParameter name="stroke-width">1.0</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>Z</Name><Title>专用公路 special (Z)</Title><ogc:Filter><ogc:PropertyIsLike wildCard="*" singleChar="." escape="!"><ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>Z*</ogc:Literal></ogc:PropertyIsLike></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#607d8b</CssParameter><CssParameter name="stroke-width">1.2</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>other</Name><Title>其他 other</Title><ElseFilter/><LineSymbolizer><Stroke><CssParameter name="stroke">#9e9e9e</CssParameter><CssParameter name="stroke-width">1.0</CssParameter></Stroke></LineSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
